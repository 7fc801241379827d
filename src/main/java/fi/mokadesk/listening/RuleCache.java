package fi.mokadesk.listening;

import fi.mokadesk.database.Tenant;
import java.sql.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Each workspace's rules compiled into one {@link KeywordMatcher}, kept in memory so matching a message costs
 * no query. A change on this node is seen at once (after its commit); a change made on another node within
 * {@link #FRESH} (30 s), when the rules are read again.
 */
@Component
class RuleCache {

    private static final Logger log = LoggerFactory.getLogger(RuleCache.class);
    static final Duration FRESH = Duration.ofSeconds(30);

    /** Where a rule applies: everywhere, or on the named channels (by id) and their channel types. */
    record Scope(boolean all, Set<UUID> channelIds, Set<String> channelTypes) {
        boolean applies(UUID channelId, String channelType) {
            if (all) return true;
            if (channelId != null) return channelIds.contains(channelId);
            return channelType != null && channelTypes.contains(channelType);
        }
    }

    /** A workspace's compiled rules; a rule's id in the matcher is its name. */
    record Compiled(KeywordMatcher matcher, Map<String, Scope> scopes, long loadedAt) {
        boolean isEmpty() {
            return scopes.isEmpty();
        }

        /** Matches of the rules that apply to a channel (given by id, or by type when the id is unknown). */
        List<Match> find(UUID channelId, String channelType, String text) {
            if (isEmpty() || text == null) return List.of();
            List<Match> out = new ArrayList<>();
            for (Match m : matcher.match(text)) {
                Scope scope = scopes.get(m.rule());
                if (scope != null && scope.applies(channelId, channelType)) out.add(m);
            }
            return out;
        }
    }

    private final JdbcClient jdbc;
    private final Map<UUID, Compiled> compiled = new ConcurrentHashMap<>();

    RuleCache(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The workspace's rules, read again when older than {@link #FRESH}. */
    Compiled of(UUID workspace) {
        Compiled c = compiled.get(workspace);
        long now = System.nanoTime();
        if (c != null && now - c.loadedAt() < FRESH.toNanos()) return c;
        c = Tenant.call(workspace, this::load);
        compiled.put(workspace, c);
        return c;
    }

    private Compiled load() {
        List<KeywordRule> rules = new ArrayList<>();
        Map<String, Scope> scopes = new HashMap<>();
        jdbc.sql(
                        "select name, terms, exclude, fold_diacritics, all_channels, channel_ids, channel_types from keyword_rule")
                .query(rs -> {
                    String name = rs.getString(1);
                    rules.add(new KeywordRule(
                            name,
                            List.of((String[]) rs.getArray(2).getArray()),
                            List.of((String[]) rs.getArray(3).getArray()),
                            rs.getBoolean(4),
                            KeywordRule.ExcludeScope.OVERLAP));
                    scopes.put(name, new Scope(rs.getBoolean(5), Set.copyOf(uuids(rs.getArray(6))), Set.of((String[])
                            rs.getArray(7).getArray())));
                });
        KeywordMatcher matcher;
        try {
            matcher = KeywordMatcher.of(rules);
        } catch (IllegalArgumentException e) {
            // Rules are checked when saved; should one still not compile, the others keep working.
            log.warn("Keyword rules of workspace {} do not compile together: {}", Tenant.require(), e.getMessage());
            matcher = KeywordMatcher.of(List.of());
            scopes.clear();
        }
        return new Compiled(matcher, Map.copyOf(scopes), System.nanoTime());
    }

    private static List<UUID> uuids(Array array) throws java.sql.SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(o -> (UUID) o).toList();
    }

    /** The workspace's rules changed: forget them now and again after the change commits. */
    void changed(UUID workspace) {
        compiled.remove(workspace);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    compiled.remove(workspace);
                }
            });
        }
    }
}
