/** {@link dev.vigil.adapters.bench.AdaptBenchmark}: single-thread throughput of read and map. */
package dev.vigil.adapters.bench;
