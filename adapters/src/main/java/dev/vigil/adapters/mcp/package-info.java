/** MCP gateways, in Vigil's own log shape: see {@link dev.vigil.adapters.mcp.McpGatewayAdapter}. */
package dev.vigil.adapters.mcp;
