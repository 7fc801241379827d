package fi.mokadesk.analysis.training;

import fi.mokadesk.analysis.internal.FeatureBuffer;
import fi.mokadesk.analysis.internal.Featurizer;
import java.util.HashMap;
import java.util.Map;

/** Featurizes each distinct text once per training run; every task and fold reuses the result. */
final class FeatureCache {
    private final Featurizer featurizer;
    private final FeatureBuffer buf = new FeatureBuffer();
    private final Map<String, Features> cache = new HashMap<>();

    FeatureCache(Featurizer featurizer) {
        this.featurizer = featurizer;
    }

    Features of(String text) {
        return cache.computeIfAbsent(text, t -> Features.of(featurizer, buf, t));
    }

    int size() {
        return cache.size();
    }
}
