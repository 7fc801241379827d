package fi.mokadesk.analysis.training;

import java.io.IOException;

/**
 * One corpus: reads its files, maps its labels to the desk's tasks and adds training examples and
 * held-out report examples to a {@link TrainingSet}. Evaluated corpora split 80/20 with {@link
 * #SEED}, stratified by label; the 20 % goes to the report split only.
 */
interface TrainingCorpus {
    long SEED = 20261123L;
    double REPORT_SHARE = 0.2;

    void load(TrainingSet set) throws IOException;
}
