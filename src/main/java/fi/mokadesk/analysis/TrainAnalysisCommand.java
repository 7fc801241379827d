package fi.mokadesk.analysis;

import fi.mokadesk.analysis.internal.CompactModel;
import fi.mokadesk.analysis.internal.Corpus;
import fi.mokadesk.analysis.internal.Corpus.Row;
import fi.mokadesk.analysis.internal.Featurizer;
import fi.mokadesk.analysis.internal.Lexicon;
import fi.mokadesk.analysis.internal.LinearTask;
import fi.mokadesk.analysis.internal.TribuoLinear;
import fi.mokadesk.analysis.internal.TribuoLinear.Sample;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.tribuo.classification.sgd.linear.LinearSGDModel;

/**
 * Rebuilds the analysis models from the open corpora and the team's customer messages, evaluates
 * them on fixed-seed held-out splits and writes the models plus an evaluation report.
 *
 * <pre>
 * java -jar target/mokadesk.jar train-analysis [--data ../shared/data] [--training training]
 *      [--out src/main/resources/analysis] [--report docs/analysis.md]
 * </pre>
 */
public final class TrainAnalysisCommand {
    /** Model version: this prefix plus a hash of the training data, settings and feature schema. */
    static final String MODEL_VERSION_PREFIX = "mokadesk-analysis-1";

    static final long SEED = 20261123L;
    static final int HASH_BITS = 18;
    static final double TEST_SHARE = 0.2;

    static final List<String> LANGUAGES = List.of("fi", "sv", "en", "other");
    static final List<String> SENTIMENTS = List.of("negative", "neutral", "positive");
    static final List<String> CATEGORIES = List.of(
            "product", "service", "delivery", "billing", "instructions", "user_error", "praise", "question", "other");
    static final List<String> BINARY = List.of("no", "yes");

    /**
     * Weight of an XED subtitle line for sentiment: out-of-domain and without a neutral class, so it
     * counts for half of a tweet and an eighth of a customer message.
     */
    static final float XED_SENTIMENT_WEIGHT = 0.5f;
    /** Weight of a team-written neutral customer question or statement ({@code training/neutral}). */
    static final float NEUTRAL_EXTRA_WEIGHT = 1f;

    private static final Set<String> XED_NEG = Set.of("1", "3", "4", "6");
    private static final Set<String> XED_POS = Set.of("5", "8");
    private static final Set<String> ABUSIVE_S24 = Set.of("identity_attack", "threat", "severe_toxicity", "insult");
    private static final List<String> EN_SWEARS = List.of(
            "fuck", "shit", "bitch", "cunt", "dick", "pussy", "bastard", "asshole", "damn", "crap", "whore", "slut");

    private TrainAnalysisCommand() {}

    public static int run(String[] args) {
        Path data = Path.of("../shared/data");
        Path training = Path.of("training");
        Path out = Path.of("src/main/resources/analysis");
        Path report = Path.of("docs/analysis.md");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                System.err.println("missing value for " + a);
                return 2;
            }
            switch (a) {
                case "--data" -> data = Path.of(args[++i]);
                case "--training" -> training = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--report" -> report = Path.of(args[++i]);
                default -> {
                    System.err.println("unknown option " + a
                            + "\nusage: train-analysis [--data DIR] [--training DIR] [--out DIR] [--report FILE]");
                    return 2;
                }
            }
        }
        try {
            new TrainAnalysisCommand.Run(data, training, out, report).execute();
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("training failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    /** Held-out examples of one task from one source. */
    record EvalSet(String task, String name, List<Sample> samples) {}

    static final class Run {
        final Path data;
        final Path training;
        final Path out;
        final Path report;
        final Map<String, List<Sample>> train = new LinkedHashMap<>();
        /** Balancing group of every training sample, parallel to {@link #train}. */
        final Map<String, List<String>> groups = new LinkedHashMap<>();

        final List<EvalSet> evals = new ArrayList<>();
        final Map<String, Integer> sourceCounts = new LinkedHashMap<>();

        Run(Path data, Path training, Path out, Path report) {
            this.data = data;
            this.training = training;
            this.out = out;
            this.report = report;
        }

        void add(String task, String label, String text, float weight) {
            add(task, label, text, weight, "");
        }

        /**
         * Adds a training example; {@code group} (for sentiment: the language) is the unit within
         * which {@link #balance} evens out the labels.
         */
        void add(String task, String label, String text, float weight, String group) {
            if (text == null || text.isBlank()) {
                return;
            }
            train.computeIfAbsent(task, k -> new ArrayList<>()).add(new Sample(text, label, weight));
            groups.computeIfAbsent(task, k -> new ArrayList<>()).add(group);
        }

        void eval(String task, String name, String label, String text) {
            if (text == null || text.isBlank()) {
                return;
            }
            EvalSet set = null;
            for (EvalSet e : evals) {
                if (e.task().equals(task) && e.name().equals(name)) {
                    set = e;
                }
            }
            if (set == null) {
                set = new EvalSet(task, name, new ArrayList<>());
                evals.add(set);
            }
            set.samples().add(new Sample(text, label, 1f));
        }

        void execute() throws IOException {
            long t0 = System.nanoTime();
            Path lexFile = out.resolve(MessageAnalyzer.LEXICON_FILE);
            Files.createDirectories(out);
            writeLexicon(lexFile);
            Lexicon lexicon;
            try (var in = Files.newInputStream(lexFile)) {
                lexicon = Lexicon.read(in);
            }
            Path abuseFile = out.resolve(MessageAnalyzer.ABUSE_WORDS_FILE);
            Files.copy(
                    training.resolve("abuse-words.tsv"), abuseFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Lexicon abuseWords;
            try (var in = Files.newInputStream(abuseFile)) {
                abuseWords = Lexicon.read(in);
            }
            Featurizer featurizer = new Featurizer(HASH_BITS, lexicon, abuseWords);
            loadCustomerMessages();
            loadXed("fi");
            loadXed("en");
            loadSuomi24();
            loadTweetEval();
            loadBanking();
            loadLanguageExtras();
            loadToxicityExtras();
            loadNeutralExtras();

            List<LinearTask> tasks = new ArrayList<>();
            Map<String, List<String>> labelsOf = new LinkedHashMap<>();
            labelsOf.put(MessageAnalyzer.TASK_LANGUAGE, LANGUAGES);
            labelsOf.put(MessageAnalyzer.TASK_SENTIMENT, SENTIMENTS);
            labelsOf.put(MessageAnalyzer.TASK_CATEGORY, CATEGORIES);
            labelsOf.put(MessageAnalyzer.TASK_ABUSIVE, BINARY);
            for (String l : MessageAnalyzer.TOXICITY_LABELS) {
                labelsOf.put(MessageAnalyzer.TOX_PREFIX + l, BINARY);
            }
            int width = 0;
            for (var e : labelsOf.entrySet()) {
                tasks.add(new LinearTask(e.getKey(), e.getValue(), width));
                width += e.getValue().size();
            }
            int dim = 1 << HASH_BITS;
            float[] weights = new float[dim * width];
            float[] bias = new float[width];
            StringBuilder log = new StringBuilder();
            for (LinearTask t : tasks) {
                List<Sample> samples =
                        balance(train.getOrDefault(t.name(), List.of()), groups.getOrDefault(t.name(), List.of()));
                long s0 = System.nanoTime();
                TribuoLinear.Settings settings = settingsFor(t.name());
                LinearSGDModel m = TribuoLinear.train(featurizer, samples, settings, t.name());
                TribuoLinear.export(m, t.labels(), t.offset(), width, weights, bias);
                String line = String.format(
                        Locale.ROOT,
                        "trained %-26s %6d examples, %7d features, %.1f s%n",
                        t.name(),
                        samples.size(),
                        m.getFeatureIDMap().size(),
                        (System.nanoTime() - s0) / 1e9);
                System.out.print(line);
                log.append(line);
            }
            int hash = contentHash() * 31 + Featurizer.SCHEMA;
            hash = hash * 31
                    + Files.readString(abuseFile, StandardCharsets.UTF_8).hashCode();
            String version = MODEL_VERSION_PREFIX + "+" + Integer.toHexString(hash);
            CompactModel model = new CompactModel(version, HASH_BITS, tasks, weights, bias);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            model.write(bytes);
            try (OutputStream os = Files.newOutputStream(out.resolve(MessageAnalyzer.MODEL_FILE))) {
                bytes.writeTo(os);
            }
            System.out.printf(
                    Locale.ROOT,
                    "wrote %s (%d bytes), version %s%n",
                    out.resolve(MessageAnalyzer.MODEL_FILE),
                    bytes.size(),
                    version);
            // evaluate exactly what ships: the quantised model read back from its bytes
            CompactModel shipped = CompactModel.read(new ByteArrayInputStream(bytes.toByteArray()));
            MessageAnalyzer analyzer = new MessageAnalyzer(shipped, lexicon, abuseWords);
            String evaluation = Evaluation.report(analyzer, evals, sourceCounts, version);
            System.out.println(evaluation);
            writeReport(evaluation);
            System.out.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }

        /**
         * Softens class imbalance within each group (all samples of a task are one group, except
         * sentiment, which is balanced per language so that Finnish, dominated by XED's emotional
         * lines, still gets a fair neutral prior): every example is re-weighted by the square root of
         * (average class weight in its group / its class weight in its group), so rare labels count
         * more without drowning the common ones.
         */
        static List<Sample> balance(List<Sample> samples, List<String> groupOf) {
            Map<String, Map<String, Double>> perClass = new LinkedHashMap<>();
            for (int i = 0; i < samples.size(); i++) {
                Sample x = samples.get(i);
                perClass.computeIfAbsent(groupOf.get(i), k -> new LinkedHashMap<>())
                        .merge(x.label(), (double) x.weight(), Double::sum);
            }
            Map<String, Double> mean = new LinkedHashMap<>();
            for (var e : perClass.entrySet()) {
                double total = e.getValue().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum();
                mean.put(e.getKey(), total / Math.max(1, e.getValue().size()));
            }
            List<Sample> out = new ArrayList<>(samples.size());
            for (int i = 0; i < samples.size(); i++) {
                Sample x = samples.get(i);
                String g = groupOf.get(i);
                double f = Math.sqrt(mean.get(g) / perClass.get(g).get(x.label()));
                out.add(new Sample(x.text(), x.label(), (float) (x.weight() * f)));
            }
            return out;
        }

        private int contentHash() {
            int h = 17;
            for (var e : train.entrySet()) {
                h = h * 31 + e.getKey().hashCode();
                h = h * 31 + settingsFor(e.getKey()).toString().hashCode();
                for (Sample s : e.getValue()) {
                    h = h * 31 + s.text().hashCode();
                    h = h * 31 + s.label().hashCode();
                    h = h * 31 + Float.hashCode(s.weight());
                }
                h = h * 31 + groups.getOrDefault(e.getKey(), List.of()).hashCode();
            }
            return h;
        }

        private TribuoLinear.Settings settingsFor(String task) {
            if (task.equals(MessageAnalyzer.TASK_LANGUAGE)) {
                return new TribuoLinear.Settings(4, 0.5, SEED);
            }
            if (task.equals(MessageAnalyzer.TASK_SENTIMENT)) {
                return new TribuoLinear.Settings(10, 0.2, SEED);
            }
            if (task.equals(MessageAnalyzer.TASK_CATEGORY)) {
                return new TribuoLinear.Settings(15, 0.5, SEED);
            }
            return new TribuoLinear.Settings(8, 0.3, SEED);
        }

        private void count(String source, int n) {
            sourceCounts.merge(source, n, Integer::sum);
        }

        private void writeLexicon(Path file) throws IOException {
            StringBuilder sb = new StringBuilder();
            sb.append("# AFINN valence lists (Finnish and English), ODbL 1.0, see NOTICE\n");
            for (String f : List.of("AFINN-fi-165.txt", "AFINN-en-165.txt")) {
                Path p = data.resolve("lexicons").resolve(f);
                if (Files.exists(p)) {
                    for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                        if (line.indexOf('\t') > 0) {
                            sb.append(line.trim()).append('\n');
                        }
                    }
                }
            }
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        }

        // ---------------------------------------------------------------- sources

        private void loadCustomerMessages() throws IOException {
            for (String lang : List.of("fi", "en", "sv")) {
                List<Row> rows =
                        Corpus.readTsv(training.resolve("customer-messages").resolve(lang + ".tsv"), "text");
                rows.removeIf(r -> !CATEGORIES.contains(r.get("category")) || !SENTIMENTS.contains(r.get("sentiment")));
                count("customer messages " + lang, rows.size());
                Corpus.Split s = Corpus.split(rows, r -> r.get("category"), TEST_SHARE, SEED);
                for (Row r : s.train()) {
                    boolean abusive = "1".equals(r.get("abusive"));
                    add(MessageAnalyzer.TASK_LANGUAGE, lang, r.text(), lang.equals("sv") ? 3f : 2f);
                    add(MessageAnalyzer.TASK_SENTIMENT, r.get("sentiment"), r.text(), 4f, lang);
                    add(MessageAnalyzer.TASK_CATEGORY, r.get("category"), r.text(), 1f);
                    add(MessageAnalyzer.TASK_ABUSIVE, abusive ? "yes" : "no", r.text(), 3f);
                    if (abusive) {
                        add(MessageAnalyzer.TOX_PREFIX + "toxicity", "yes", r.text(), 1f);
                    } else {
                        boolean negative = "negative".equals(r.get("sentiment"));
                        for (String l : MessageAnalyzer.TOXICITY_LABELS) {
                            boolean known = !negative
                                    || l.equals("severe_toxicity")
                                    || l.equals("identity_attack")
                                    || l.equals("threat")
                                    || l.equals("insult");
                            if (known) {
                                add(MessageAnalyzer.TOX_PREFIX + l, "no", r.text(), 1f);
                            }
                        }
                    }
                }
                for (Row r : s.test()) {
                    eval(MessageAnalyzer.TASK_LANGUAGE, "language (all held-out sources)", lang, r.text());
                    eval(
                            MessageAnalyzer.TASK_SENTIMENT,
                            "sentiment " + lang + ", customer messages",
                            r.get("sentiment"),
                            r.text());
                    eval(
                            MessageAnalyzer.TASK_CATEGORY,
                            "category " + lang + ", customer messages",
                            r.get("category"),
                            r.text());
                    eval(
                            MessageAnalyzer.TASK_ABUSIVE,
                            "abusive, customer messages (fi+en+sv)",
                            "1".equals(r.get("abusive")) ? "yes" : "no",
                            r.text());
                }
            }
        }

        private static boolean hasLetters(String s) {
            int letters = 0;
            for (int i = 0; i < s.length(); i++) {
                if (Character.isLetter(s.charAt(i))) {
                    letters++;
                }
            }
            return letters >= 2;
        }

        private static String xedSentiment(String emotions) {
            boolean neg = false;
            boolean pos = false;
            boolean neutral = false;
            for (String e : emotions.split(",")) {
                String c = e.trim();
                neg |= XED_NEG.contains(c);
                pos |= XED_POS.contains(c);
                neutral |= c.equals("0");
            }
            if (neutral && !neg && !pos) {
                return "neutral";
            }
            if (neg && !pos) {
                return "negative";
            }
            if (pos && !neg) {
                return "positive";
            }
            return null; // mixed, or only anticipation/surprise: left out
        }

        private void loadXed(String lang) throws IOException {
            List<Row> rows = Corpus.readTsv(data.resolve(lang).resolve("xed").resolve("train.tsv"), "text");
            rows.removeIf(r -> xedSentiment(r.get("emotions")) == null || !hasLetters(r.text()));
            count("XED " + lang, rows.size());
            Corpus.Split s = Corpus.split(rows, r -> xedSentiment(r.get("emotions")), TEST_SHARE, SEED);
            for (Row r : s.train()) {
                add(
                        MessageAnalyzer.TASK_SENTIMENT,
                        xedSentiment(r.get("emotions")),
                        r.text(),
                        XED_SENTIMENT_WEIGHT,
                        lang);
            }
            for (Row r : Corpus.sample(s.train(), 4000, SEED)) {
                add(MessageAnalyzer.TASK_LANGUAGE, lang, r.text(), 1f);
            }
            for (Row r : s.test()) {
                eval(
                        MessageAnalyzer.TASK_SENTIMENT,
                        "sentiment " + lang + ", XED subtitles",
                        xedSentiment(r.get("emotions")),
                        r.text());
            }
            for (Row r : Corpus.sample(s.test(), 500, SEED)) {
                eval(MessageAnalyzer.TASK_LANGUAGE, "language (all held-out sources)", lang, r.text());
            }
        }

        private void loadSuomi24() throws IOException {
            List<Row> rows = Corpus.readTsv(
                    data.resolve("fi").resolve("suomi24-toxicity").resolve("train.tsv"), "text");
            count("Suomi24 toxicity fi", rows.size());
            Corpus.Split s = Corpus.split(rows, r -> r.get("label") + "/" + r.get("applies"), TEST_SHARE, SEED);
            for (Row r : s.train()) {
                String label = r.get("label");
                boolean applies = "1".equals(r.get("applies"));
                add(MessageAnalyzer.TOX_PREFIX + label, applies ? "yes" : "no", r.text(), 1f);
                if (applies && !label.equals("toxicity") && !label.equals("obscene")) {
                    add(MessageAnalyzer.TOX_PREFIX + "toxicity", "yes", r.text(), 0.5f);
                }
                String ab = s24Abusive(label, applies);
                if (ab != null) {
                    add(MessageAnalyzer.TASK_ABUSIVE, ab, r.text(), label.equals("insult") ? 0.7f : 1f);
                }
                add(MessageAnalyzer.TASK_LANGUAGE, "fi", r.text(), 1f);
            }
            for (Row r : s.test()) {
                String label = r.get("label");
                boolean applies = "1".equals(r.get("applies"));
                eval(MessageAnalyzer.TOX_PREFIX + label, label + ", Suomi24 fi", applies ? "yes" : "no", r.text());
                String ab = s24Abusive(label, applies);
                if (ab != null) {
                    eval(MessageAnalyzer.TASK_ABUSIVE, "abusive, Suomi24 fi (mapped)", ab, r.text());
                }
                eval(MessageAnalyzer.TASK_LANGUAGE, "language (all held-out sources)", "fi", r.text());
            }
        }

        private static String s24Abusive(String label, boolean applies) {
            if (applies && ABUSIVE_S24.contains(label)) {
                return "yes";
            }
            if (!applies && label.equals("toxicity")) {
                return "no";
            }
            return null;
        }

        private void loadTweetEval() throws IOException {
            Path en = data.resolve("en");
            List<Row> sent = Corpus.readTsv(en.resolve("tweeteval-sentiment").resolve("train.tsv"), "text");
            count("TweetEval sentiment en", sent.size());
            Corpus.Split s = Corpus.split(sent, r -> r.get("label"), TEST_SHARE, SEED);
            for (Row r : s.train()) {
                add(
                        MessageAnalyzer.TASK_SENTIMENT,
                        SENTIMENTS.get(Integer.parseInt(r.get("label"))),
                        r.text(),
                        2f,
                        "en");
                add(MessageAnalyzer.TASK_LANGUAGE, "en", r.text(), 1f);
            }
            for (Row r : s.test()) {
                eval(
                        MessageAnalyzer.TASK_SENTIMENT,
                        "sentiment en, TweetEval",
                        SENTIMENTS.get(Integer.parseInt(r.get("label"))),
                        r.text());
                eval(MessageAnalyzer.TASK_LANGUAGE, "language (all held-out sources)", "en", r.text());
            }

            List<Row> off = Corpus.readTsv(en.resolve("tweeteval-offensive").resolve("train.tsv"), "text");
            count("TweetEval offensive en", off.size());
            Corpus.Split so = Corpus.split(off, r -> r.get("label"), TEST_SHARE, SEED);
            for (Row r : Corpus.sample(so.train(), 5000, SEED)) {
                boolean offensive = "1".equals(r.get("label"));
                String lower = r.text().toLowerCase(Locale.ROOT);
                boolean swears = EN_SWEARS.stream().anyMatch(lower::contains);
                if (offensive) {
                    add(MessageAnalyzer.TOX_PREFIX + "toxicity", "yes", r.text(), 0.5f);
                    if (swears) {
                        add(MessageAnalyzer.TOX_PREFIX + "obscene", "yes", r.text(), 0.5f);
                    }
                } else {
                    for (String l : MessageAnalyzer.TOXICITY_LABELS) {
                        add(MessageAnalyzer.TOX_PREFIX + l, "no", r.text(), 0.5f);
                    }
                    add(MessageAnalyzer.TASK_ABUSIVE, "no", r.text(), 0.5f);
                }
            }
            for (Row r : so.test()) {
                eval(
                        MessageAnalyzer.TOX_PREFIX + "toxicity",
                        "toxicity, TweetEval offensive en (mapped)",
                        "1".equals(r.get("label")) ? "yes" : "no",
                        r.text());
            }

            List<Row> hate = Corpus.readTsv(en.resolve("tweeteval-hate").resolve("train.tsv"), "text");
            count("TweetEval hate en", hate.size());
            Corpus.Split sh = Corpus.split(hate, r -> r.get("label"), TEST_SHARE, SEED);
            for (Row r : Corpus.sample(sh.train(), 5000, SEED)) {
                boolean h = "1".equals(r.get("label"));
                add(MessageAnalyzer.TOX_PREFIX + "identity_attack", h ? "yes" : "no", r.text(), 0.5f);
                if (h) {
                    add(MessageAnalyzer.TOX_PREFIX + "toxicity", "yes", r.text(), 0.5f);
                    add(MessageAnalyzer.TASK_ABUSIVE, "yes", r.text(), 0.5f);
                }
            }
            for (Row r : sh.test()) {
                eval(
                        MessageAnalyzer.TOX_PREFIX + "identity_attack",
                        "identity_attack, TweetEval hate en (mapped)",
                        "1".equals(r.get("label")) ? "yes" : "no",
                        r.text());
            }
        }

        /** Banking77 intents that clearly fall into one of the desk's categories. */
        static String bankingCategory(String intent) {
            return switch (intent) {
                case "card_arrival", "card_delivery_estimate" -> "delivery";
                case "card_payment_fee_charged",
                        "extra_charge_on_statement",
                        "transaction_charged_twice",
                        "transfer_fee_charged",
                        "cash_withdrawal_charge",
                        "exchange_charge",
                        "card_payment_wrong_exchange_rate",
                        "wrong_exchange_rate_for_cash_withdrawal",
                        "direct_debit_payment_not_recognised",
                        "card_payment_not_recognised",
                        "Refund_not_showing_up",
                        "request_refund",
                        "top_up_by_bank_transfer_charge",
                        "top_up_by_card_charge",
                        "wrong_amount_of_cash_received" -> "billing";
                case "card_not_working", "contactless_not_working", "virtual_card_not_working", "card_swallowed" ->
                    "product";
                case "passcode_forgotten", "lost_or_stolen_card", "lost_or_stolen_phone" -> "user_error";
                case "age_limit",
                        "country_support",
                        "supported_cards_and_currencies",
                        "fiat_currency_support",
                        "visa_or_mastercard",
                        "exchange_rate",
                        "transfer_timing",
                        "top_up_limits",
                        "disposable_card_limits",
                        "apple_pay_or_google_pay",
                        "getting_virtual_card",
                        "getting_spare_card",
                        "receiving_money",
                        "atm_support" -> "question";
                default -> null;
            };
        }

        private void loadBanking() throws IOException {
            List<Row> rows = Corpus.readTextLabelCsv(
                    data.resolve("en").resolve("banking77").resolve("train.csv"));
            rows.removeIf(r -> bankingCategory(r.get("label")) == null);
            count("Banking77 en (mapped intents)", rows.size());
            Function<Row, String> cat = r -> bankingCategory(r.get("label"));
            Map<String, List<Row>> byCat = new LinkedHashMap<>();
            for (Row r : rows) {
                byCat.computeIfAbsent(cat.apply(r), k -> new ArrayList<>()).add(r);
            }
            for (var e : byCat.entrySet()) {
                for (Row r : Corpus.sample(e.getValue(), 200, SEED)) {
                    add(MessageAnalyzer.TASK_CATEGORY, e.getKey(), r.text(), 0.1f);
                }
            }
            for (Row r : Corpus.sample(rows, 1000, SEED)) {
                add(MessageAnalyzer.TASK_LANGUAGE, "en", r.text(), 1f);
            }
            // ordinary customer queries: safe examples of messages without any toxicity attribute
            for (Row r : Corpus.sample(rows, 800, SEED + 1)) {
                for (String l : MessageAnalyzer.TOXICITY_LABELS) {
                    add(MessageAnalyzer.TOX_PREFIX + l, "no", r.text(), 0.3f);
                }
            }
            // plain informational questions are a source of neutral English customer text
            for (Row r : Corpus.sample(byCat.getOrDefault("question", List.of()), 400, SEED)) {
                add(MessageAnalyzer.TASK_SENTIMENT, "neutral", r.text(), 0.5f, "en");
            }
        }

        private void loadLanguageExtras() throws IOException {
            for (String lang : List.of("sv", "other")) {
                List<Row> rows = Corpus.readLines(training.resolve("language").resolve(lang + ".txt"));
                count("team-written " + lang + " sentences (language only)", rows.size());
                Corpus.Split s = Corpus.split(rows, r -> lang, TEST_SHARE, SEED);
                for (Row r : s.train()) {
                    add(MessageAnalyzer.TASK_LANGUAGE, lang, r.text(), 3f);
                }
                for (Row r : s.test()) {
                    eval(MessageAnalyzer.TASK_LANGUAGE, "language (all held-out sources)", lang, r.text());
                }
            }
        }

        /**
         * Team-written neutral customer questions and statements (opening hours, prices,
         * availability, order status without complaint, information requests): sentiment only,
         * training only. They give the languages whose open data has no neutral text (XED) a
         * realistic neutral class.
         */
        private void loadNeutralExtras() throws IOException {
            for (String lang : List.of("fi", "en", "sv")) {
                List<Row> rows = Corpus.readTsv(training.resolve("neutral").resolve(lang + ".tsv"), "text");
                count("team-written neutral customer messages " + lang + " (sentiment, training only)", rows.size());
                for (Row r : rows) {
                    add(MessageAnalyzer.TASK_SENTIMENT, "neutral", r.text(), NEUTRAL_EXTRA_WEIGHT, lang);
                }
            }
        }

        /** Team-written examples for the rare attributes (threats, identity attacks) and plain swearing. */
        private void loadToxicityExtras() throws IOException {
            List<Row> rows = Corpus.readTsv(training.resolve("toxicity").resolve("extra.tsv"), "text");
            count("team-written toxicity examples (training only)", rows.size());
            for (Row r : rows) {
                String label = r.get("label");
                boolean applies = "1".equals(r.get("applies"));
                add(MessageAnalyzer.TOX_PREFIX + label, applies ? "yes" : "no", r.text(), 2f);
                if (applies && ABUSIVE_S24.contains(label)) {
                    add(MessageAnalyzer.TOX_PREFIX + "toxicity", "yes", r.text(), 1f);
                }
                add(MessageAnalyzer.TASK_ABUSIVE, "1".equals(r.get("abusive")) ? "yes" : "no", r.text(), 3f);
            }
        }

        private void writeReport(String evaluation) throws IOException {
            String start = "<!-- evaluation:start -->";
            String end = "<!-- evaluation:end -->";
            String block = start + "\n" + evaluation + "\n" + end;
            if (report == null) {
                return;
            }
            if (Files.exists(report)) {
                String doc = Files.readString(report, StandardCharsets.UTF_8);
                int a = doc.indexOf(start);
                int b = doc.indexOf(end);
                if (a >= 0 && b > a) {
                    doc = doc.substring(0, a) + block + doc.substring(b + end.length());
                } else {
                    doc = doc + "\n" + block + "\n";
                }
                Files.writeString(report, doc, StandardCharsets.UTF_8);
            } else {
                Files.createDirectories(report.toAbsolutePath().getParent());
                Files.writeString(report, "# Message analysis\n\n" + block + "\n", StandardCharsets.UTF_8);
            }
            System.out.println("updated " + report);
        }
    }
}
