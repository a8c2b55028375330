package dev.atrium;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/rules/*.md} honest against the code: every test the tables name must exist, every rule id
 * the code mentions must have a row, and every row must restate its rule.
 *
 * <p>Reference forms read from the tables (any cell but the id and the restatement):
 * <ul>
 *   <li>{@code Short#method}, where {@code Short} is a legend entry {@code **Short** = `path/Class`};</li>
 *   <li>{@code Class#method} or {@code path/Class#method}, path relative to {@code src/test/java/dev/atrium/},
 *       with or without back-quotes around the class or the whole reference; a bare simple name must be unique;</li>
 *   <li>{@code #method} alone, meaning the class last named in the same cell;</li>
 *   <li>a method name ending in {@code …} is a prefix: some test method of the class must start with it;</li>
 *   <li>{@code Short "row name …"}: a row of a table-driven test, i.e. a string literal in that class's source
 *       that matches the quoted text, {@code …} standing for any text;</li>
 *   <li>anywhere in the file, a back-quoted {@code `path/Class`} or {@code `Class`} ending in {@code Test},
 *       {@code IT} or {@code Contract} must name a test source (the legends and the short-name lists).</li>
 * </ul>
 * Methods are found by reflection on the test classpath, through superclasses and interfaces (the store
 * contracts are interfaces), and must carry a JUnit test annotation.
 *
 * <p>Rule ids are looked for in comments and string literals, and in identifiers split at {@code _} (test
 * names such as {@code X1_T33_…}); a lone identifier such as a constant named like an id is not a rule. A
 * range written in code ({@code T1–T9}) is checked at its ends only, because the specification skips numbers.
 */
class RulesDocumentationTest {
    private static final Path DOCS = Path.of("docs", "rules");
    private static final List<String> DOC_FILES = List.of("organizations.md", "third-party-apps.md");
    private static final Path TEST_ROOT = Path.of("src", "test", "java");
    private static final Path TEST_PACKAGE = TEST_ROOT.resolve(Path.of("dev", "atrium"));
    private static final Path MAIN_ROOT = Path.of("src", "main", "java");

    private static final Pattern LEGEND = Pattern.compile("\\*\\*(\\w+)\\*\\*\\s*=\\s*`([\\w/]+)`");
    private static final Pattern METHOD_REF = Pattern.compile(
            "(?<![\\w/])(?:((?:[a-z][a-z0-9]*/)*[A-Z][A-Za-z0-9]*)`?)?#([A-Za-z_][A-Za-z0-9_]*)(…)?");
    private static final Pattern ROW_REF = Pattern.compile("(?<![\\w/])([A-Z][A-Za-z0-9]*)`? \"([^\"]+)\"");
    private static final Pattern NAMED_CLASS =
            Pattern.compile("`((?:[a-z][a-z0-9]*/)*[A-Z][A-Za-z0-9]*(?:Test|IT|Contract))`");
    // rule numbers start at 1, and a percent-escape such as "%F0" is not a rule
    private static final Pattern ID = Pattern.compile("(?<![A-Za-z0-9%])([OETXFQC])([1-9][0-9]{0,2})(?![0-9A-Za-z])");
    private static final Pattern ID_RANGE = Pattern.compile(
            "(?<![A-Za-z0-9])([OETXFQC])([0-9]{1,3})\\s*[–-]\\s*\\1?([0-9]{1,3})(?![0-9A-Za-z])");
    private static final Pattern CODE_ID = Pattern.compile("[OETXF][1-9][0-9]{0,2}");
    private static final Set<String> TEST_ANNOTATIONS =
            Set.of("Test", "ParameterizedTest", "RepeatedTest", "TestFactory", "TestTemplate");

    private static final List<Row> rows = new ArrayList<>();
    private static final Map<String, String> legend = new LinkedHashMap<>();
    private static final Map<String, List<Path>> testSourcesBySimpleName = new TreeMap<>();

    record Row(String file, int line, List<String> cells, int ruleColumn) {
        String ids() {
            return cells.get(0);
        }

        String where() {
            return file + ":" + line;
        }
    }

    @BeforeAll
    static void readDocsAndSources() throws IOException {
        try (Stream<Path> files = Files.walk(TEST_ROOT)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> testSourcesBySimpleName
                    .computeIfAbsent(p.getFileName().toString().replace(".java", ""), k -> new ArrayList<>()).add(p));
        }
        for (String file : DOC_FILES) {
            List<String> lines = Files.readAllLines(DOCS.resolve(file));
            int ruleColumn = -1;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher l = LEGEND.matcher(line);
                while (l.find()) {
                    legend.put(l.group(1), l.group(2));
                }
                if (!line.startsWith("|")) {
                    continue;
                }
                List<String> cells = cells(line);
                if (i + 1 < lines.size() && lines.get(i + 1).startsWith("|---")) {
                    ruleColumn = cells.indexOf("Rule");
                    i++;
                    continue;
                }
                rows.add(new Row(file, i + 1, cells, ruleColumn));
            }
        }
    }

    private static List<String> cells(String line) {
        String inner = line.strip();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        List<String> out = new ArrayList<>();
        for (String c : inner.split("(?<!\\\\)\\|", -1)) {
            out.add(c.strip());
        }
        return out;
    }

    @Test
    void theTablesWereRead() {
        assertThat(rows).as("table rows in docs/rules").hasSizeGreaterThan(200);
        assertThat(legend).as("short names of docs/rules/organizations.md").containsKeys("SignIn", "Access");
    }

    @Test
    void everyRowRestatesItsRule() {
        List<String> missing = new ArrayList<>();
        for (Row row : rows) {
            if (row.ruleColumn() < 1 || row.ruleColumn() >= row.cells().size()
                    || row.cells().get(row.ruleColumn()).isBlank()) {
                missing.add(row.where() + " " + row.ids());
            }
        }
        assertThat(missing).as("rows without a one-line restatement in a 'Rule' column").isEmpty();
    }

    @Test
    void everyTestReferenceInTheTablesExists() {
        List<String> dangling = new ArrayList<>();
        int checked = 0;
        for (Row row : rows) {
            for (int c = 1; c < row.cells().size(); c++) {
                if (c == row.ruleColumn()) {
                    continue;
                }
                String cell = row.cells().get(c);
                String current = null;
                Matcher m = METHOD_REF.matcher(cell);
                while (m.find()) {
                    if (m.group(1) != null) {
                        current = m.group(1);
                    }
                    String ref = (m.group(1) == null ? "" : m.group(1)) + "#" + m.group(2)
                            + (m.group(3) == null ? "" : "…");
                    checked++;
                    if (current == null) {
                        dangling.add(row.where() + " " + ref + ": no class named before it in the cell");
                        continue;
                    }
                    String problem = checkMethod(current, m.group(2), m.group(3) != null);
                    if (problem != null) {
                        dangling.add(row.where() + " " + current + "#" + m.group(2)
                                + (m.group(3) == null ? "" : "…") + ": " + problem);
                    }
                }
                Matcher r = ROW_REF.matcher(cell);
                while (r.find()) {
                    if (!legend.containsKey(r.group(1))) {
                        continue;
                    }
                    checked++;
                    String problem = checkTableRow(r.group(1), r.group(2));
                    if (problem != null) {
                        dangling.add(row.where() + " " + r.group(1) + " \"" + r.group(2) + "\": " + problem);
                    }
                }
            }
        }
        assertThat(checked).as("references read from the tables").isGreaterThan(200);
        assertThat(dangling).as("test references in docs/rules that do not resolve").isEmpty();
    }

    @Test
    void everyLegendEntryNamesATestClass() {
        List<String> dangling = new ArrayList<>();
        legend.forEach((shortName, path) -> {
            if (!Files.isRegularFile(TEST_PACKAGE.resolve(path + ".java"))) {
                dangling.add(shortName + " = " + path);
            }
        });
        assertThat(dangling).as("legend entries without a source file under src/test/java/dev/atrium").isEmpty();
    }

    @Test
    void everyTestClassNamedInTheDocsExists() throws IOException {
        List<String> dangling = new ArrayList<>();
        for (String file : DOC_FILES) {
            List<String> lines = Files.readAllLines(DOCS.resolve(file));
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = NAMED_CLASS.matcher(lines.get(i));
                while (m.find()) {
                    if (resolve(m.group(1)) instanceof String problem) {
                        dangling.add(file + ":" + (i + 1) + " " + m.group(1) + ": " + problem);
                    }
                }
            }
        }
        assertThat(dangling).as("test classes named in docs/rules that do not exist").isEmpty();
    }

    @Test
    void everyRuleIdInTheCodeHasARow() throws IOException {
        Set<String> documented = new HashSet<>();
        for (Row row : rows) {
            documented.addAll(idsIn(row.ids()));
        }
        Map<String, Set<String>> undocumented = new TreeMap<>();
        for (Path root : List.of(MAIN_ROOT, TEST_ROOT)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                    for (String id : idsInJava(Files.readString(p))) {
                        if (!documented.contains(id)) {
                            undocumented.computeIfAbsent(id, k -> new TreeSet<>()).add(p.toString());
                        }
                    }
                }
            }
        }
        assertThat(documented).as("ids with rows").hasSizeGreaterThan(250);
        assertThat(undocumented).as("rule ids used in the code without a row in docs/rules (id → files)").isEmpty();
    }

    /** The specification lives next to the repository; a path to it is relative to the repository root. */
    @Test
    void theSpecificationIsNamedByARelativePath() throws IOException {
        Pattern notRelative = Pattern.compile("(?<!\\.\\./)shared/spec/");
        List<String> found = new ArrayList<>();
        for (String file : DOC_FILES) {
            List<String> lines = Files.readAllLines(DOCS.resolve(file));
            for (int i = 0; i < lines.size(); i++) {
                if (notRelative.matcher(lines.get(i)).find()) {
                    found.add(file + ":" + (i + 1) + " " + lines.get(i).strip());
                }
            }
        }
        assertThat(found).as("spec paths that are not ../shared/spec/… (relative to the repository root)").isEmpty();
    }

    /** Ids in a row's first cell: single ids, lists, and ranges such as {@code O5–O8}. */
    static Set<String> idsIn(String text) {
        Set<String> ids = new HashSet<>();
        Matcher range = ID_RANGE.matcher(text);
        while (range.find()) {
            for (int n = Integer.parseInt(range.group(2)); n <= Integer.parseInt(range.group(3)); n++) {
                ids.add(range.group(1) + n);
            }
        }
        Matcher single = ID.matcher(text);
        while (single.find()) {
            ids.add(single.group(1) + single.group(2));
        }
        return ids;
    }

    /** Rule ids in comments, string literals and underscore-joined identifiers of one Java source. */
    static Set<String> idsInJava(String source) {
        StringBuilder prose = new StringBuilder();
        StringBuilder code = new StringBuilder();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                int end = source.indexOf('\n', i);
                end = end < 0 ? n : end;
                prose.append(source, i, end).append('\n');
                i = end;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                prose.append(source, i, end).append('\n');
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
                prose.append(source, i, end).append('\n');
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j + 1, n);
                prose.append(source, i, j).append('\n');
                i = j;
            } else {
                code.append(c);
                i++;
            }
        }
        Set<String> ids = new TreeSet<>();
        Matcher m = ID.matcher(prose);
        while (m.find()) {
            if (!"QC".contains(m.group(1))) {
                ids.add(m.group(1) + m.group(2));
            }
        }
        Matcher identifiers = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(code);
        while (identifiers.find()) {
            String word = identifiers.group();
            if (word.indexOf('_') < 0) {
                continue;
            }
            for (String part : word.split("_")) {
                if (CODE_ID.matcher(part).matches()) {
                    ids.add(part);
                }
            }
        }
        return ids;
    }

    /** The source file a class token of the tables stands for, or an explanation why there is none. */
    private static Object resolve(String token) {
        String path = legend.getOrDefault(token, token);
        if (path.contains("/")) {
            Path file = TEST_PACKAGE.resolve(path + ".java");
            return Files.isRegularFile(file) ? file : "no test source " + TEST_PACKAGE.relativize(file);
        }
        List<Path> found = testSourcesBySimpleName.getOrDefault(path, List.of());
        if (found.size() == 1) {
            return found.get(0);
        }
        return found.isEmpty() ? "no test class named " + path : "ambiguous class name, found " + found;
    }

    private static String checkMethod(String token, String method, boolean prefix) {
        Object resolved = resolve(token);
        if (resolved instanceof String problem) {
            return problem;
        }
        Class<?> type;
        try {
            type = Class.forName(className((Path) resolved), false, RulesDocumentationTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return "class not on the test classpath";
        }
        for (Method candidate : testMethods(type)) {
            if (prefix ? candidate.getName().startsWith(method) : candidate.getName().equals(method)) {
                return null;
            }
        }
        return prefix ? "no test method starting with " + method : "no test method " + method;
    }

    private static String checkTableRow(String token, String rowName) {
        Object resolved = resolve(token);
        if (resolved instanceof String problem) {
            return problem;
        }
        String source;
        try {
            source = Files.readString((Path) resolved);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder regex = new StringBuilder("\"");
        for (String piece : rowName.split("…", -1)) {
            if (!regex.toString().equals("\"")) {
                regex.append("[^\"]*");
            }
            regex.append(Pattern.quote(piece.strip()));
        }
        return Pattern.compile(regex.toString()).matcher(source).find()
                ? null : "no string literal in " + resolved + " matches";
    }

    private static String className(Path source) {
        String relative = TEST_ROOT.relativize(source).toString().replace(".java", "");
        return relative.replace('/', '.').replace('\\', '.');
    }

    private static List<Method> testMethods(Class<?> type) {
        List<Method> out = new ArrayList<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(type));
        Set<Class<?>> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Class<?> t = todo.pop();
            if (t == null || t == Object.class || !seen.add(t)) {
                continue;
            }
            for (Method m : t.getDeclaredMethods()) {
                for (Annotation a : m.getAnnotations()) {
                    if (TEST_ANNOTATIONS.contains(a.annotationType().getSimpleName())) {
                        out.add(m);
                        break;
                    }
                }
            }
            todo.add(t.getSuperclass() == null ? Object.class : t.getSuperclass());
            todo.addAll(List.of(t.getInterfaces()));
        }
        return out;
    }
}
