package dev.vigil.detector.topology;

import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.replay.ClientSighting;
import dev.vigil.detector.replay.ClientSightings;
import dev.vigil.detector.replay.SharedClientCheck;
import dev.vigil.detector.rulestore.ActiveRules;
import dev.vigil.detector.rulestore.RulesReader;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * In the identity's task, after intake: the events that can matter to {@code token_shared_client}
 * (a credential use from a public address with a user agent; {@link SharedClientCheck#sightingOf})
 * sent on as {@link ClientSighting}s keyed by address, at most one per identity, credential,
 * address and user agent every {@link ClientSightings#RESIGHT_AFTER} of event time, so steady
 * traffic of one client costs one small record a minute, not one per event. With no enabled rule of
 * the kind nothing is sent at all.
 *
 * <p>When each client was last judged is remembered in memory, bounded ({@link #REMEMBERED}, least
 * recently used out), not in a store. Losing it is harmless: after a restart, an eviction, or a
 * transaction that aborted after the cache was updated (Streams then re-initializes the processor,
 * and {@link #init} starts an empty cache), a sighting is sent again, and the address's side
 * ignores a repeat of one it holds ({@link ClientSightings}), while a finding it does make again
 * has the same alert id. The cost of a lost entry is one extra record, never a missed or a double
 * alert. A task with more than {@link #REMEMBERED} clients busy within a minute sends some of them
 * more often than once a minute, at worst once per event.
 */
final class SightingProcessor implements Processor<String, ObservedEvent, String, ClientSighting> {

  /** Clients remembered per task: the busy ones of the last minutes, about a megabyte. */
  static final int REMEMBERED = 4096;

  private final RulesReader rules;

  /** Per client key ({@link SharedClientCheck#clientKey}): the event time last judged. */
  private Map<String, Long> lastSent;

  private ProcessorContext<String, ClientSighting> context;

  SightingProcessor(ActiveRules rules) {
    this.rules = new RulesReader(rules);
  }

  @Override
  public void init(ProcessorContext<String, ClientSighting> context) {
    this.context = context;
    rules.init(context);
    lastSent =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
          }
        };
  }

  @Override
  public void process(Record<String, ObservedEvent> record) {
    ObservedEvent event = record.value();
    if (event == null) {
      return;
    }
    RulePack pack = rules.current();
    List<Rule> enabled = pack.enabled(RuleKind.TOKEN_SHARED_CLIENT);
    if (enabled.isEmpty()) {
      return;
    }
    // Repeats are skipped on the raw fields, before anything is parsed: most events of a busy
    // client are repeats. An event that makes no sighting (a private address, an excepted one) is
    // remembered too, so it is judged again at most once a minute.
    String client = SharedClientCheck.clientKey(event, enabled);
    if (client == null) {
      return;
    }
    long time = event.eventTime().toEpochMilli();
    Long last = lastSent.get(client);
    if (last != null && Math.abs(time - last) < ClientSightings.RESIGHT_AFTER.toMillis()) {
      return;
    }
    lastSent.put(client, time);
    ClientSighting sighting = SharedClientCheck.sightingOf(event, pack);
    if (sighting == null) {
      return;
    }
    context.forward(new Record<>(sighting.address(), sighting, record.timestamp()));
  }
}
