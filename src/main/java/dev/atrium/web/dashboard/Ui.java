package dev.atrium.web.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's view models: a page is a title, breadcrumbs and a list of blocks (tables, forms,
 * facts, one-time secrets, notes, cards), rendered by the generic templates under
 * {@code src/main/jte/dashboard/}. Every section builds the same blocks, so every page looks and
 * behaves alike (issue 6, "a clean, consistent layout").
 */
public final class Ui {
    private Ui() {
    }

    /** The signed-in administrator. */
    public record Admin(String userId, String email) {
    }

    public record Crumb(String label, String href) {
    }

    public record Link(String label, String href) {
    }

    /** {@code tone}: {@code success} or {@code error}. */
    public record Flash(String tone, String message) {
    }

    /** {@code tone}: {@code neutral}, {@code info}, {@code warn}, {@code success}, {@code danger}. */
    public record Badge(String label, String tone) {
    }

    /** One entry of the left navigation. */
    public record Nav(String key, String label, String href, boolean active) {
    }

    public record Page(String title, String subtitle, List<Crumb> crumbs, Flash flash, List<Link> actions,
                       List<Block> blocks, List<Nav> nav, Admin admin, String csrf, String tenantName) {
    }

    /** A part of a page. */
    public sealed interface Block permits Table, Form, Facts, Secret, Note, Cards, Tabs, Preview, Frame, Chart, Pre, Code {
    }

    /** A list: optional search box and pager, rows of cells, and what to show when it is empty. */
    public record Table(String title, String searchAction, String query, String searchLabel, List<String> headers,
                        List<Row> rows, Pager pager, String empty, Link emptyAction) implements Block {
    }

    public record Row(List<Cell> cells) {
    }

    /** A cell: text (a link when {@code href} is set), badges, or a small form button posting {@code hidden}. */
    public record Cell(String text, String href, boolean mono, List<Badge> badges, Button button) {
        public static Cell text(String t) {
            return new Cell(t, null, false, List.of(), null);
        }

        public static Cell link(String t, String href) {
            return new Cell(t, href, false, List.of(), null);
        }

        public static Cell mono(String t) {
            return new Cell(t, null, true, List.of(), null);
        }

        public static Cell badges(List<Badge> badges) {
            return new Cell("", null, false, badges, null);
        }

        public static Cell linkWithBadges(String t, String href, List<Badge> badges) {
            return new Cell(t, href, false, badges, null);
        }

        public static Cell button(Button b) {
            return new Cell("", null, false, List.of(), b);
        }
    }

    /** A one-button form; {@code tone} {@code danger} for destructive actions (which ask for confirmation). */
    public record Button(String label, String action, Map<String, String> hidden, String tone, String ariaLabel) {
    }

    public record Pager(int page, int pages, long total, String prevHref, String nextHref) {
    }

    /**
     * A form. {@code error}: the message about the whole form. {@code tone} {@code danger} draws it as a
     * danger zone, {@code secondary} gives it a plain button; {@code cancel} adds a cancel link (confirmation pages).
     */
    public record Form(String id, String title, String description, String action, String submit, List<Field> fields,
                       String error, String tone, String cancel) implements Block {
        /** A form with a file field posts multipart/form-data. */
        public boolean multipart() {
            return fields.stream().anyMatch(x -> x.type().equals("file"));
        }

        public Form withState(Map<String, List<String>> values, Map<String, String> errors) {
            List<Field> out = new ArrayList<>();
            String formError = error;
            java.util.Set<String> placed = new java.util.HashSet<>();
            for (Field f : fields) {
                Field g = f;
                if (values != null && !f.type().equals("hidden") && !f.type().equals("password") && !f.disabled()) {
                    g = g.typed(values.getOrDefault(f.name(), List.of()));
                }
                out.add(g);
            }
            for (Map.Entry<String, String> e : errors.entrySet()) {
                int at = fieldFor(out, e.getKey());
                if (at >= 0 && placed.add(out.get(at).name())) {
                    out.set(at, out.get(at).withError(e.getValue()));
                } else {
                    formError = e.getValue();
                }
            }
            return new Form(id, title, description, action, submit, out, formError, tone, cancel);
        }

        /** The field an error about {@code property} belongs to: the same name, or its parent or child. */
        private static int fieldFor(List<Field> fields, String property) {
            if (property == null) {
                return -1;
            }
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).name().equals(property)) {
                    return i;
                }
            }
            for (int i = 0; i < fields.size(); i++) {
                String n = fields.get(i).name();
                if (!fields.get(i).type().equals("hidden") && (n.startsWith(property + ".") || property.startsWith(n + "."))) {
                    return i;
                }
            }
            return -1;
        }
    }

    /**
     * One input. {@code type}: text, email, password, url, number, color, textarea, select, radio,
     * checkbox, checkboxes, hidden. For checkbox {@code value} is "on" when checked.
     */
    public record Field(String name, String label, String type, String value, List<Option> options, String hint,
                        String error, boolean required, boolean disabled) {
        public static Field text(String name, String label, String value) {
            return new Field(name, label, "text", value == null ? "" : value, List.of(), null, null, false, false);
        }

        public static Field of(String type, String name, String label, String value) {
            return new Field(name, label, type, value == null ? "" : value, List.of(), null, null, false, false);
        }

        public static Field select(String name, String label, List<Option> options) {
            return new Field(name, label, "select", "", options, null, null, false, false);
        }

        public static Field radio(String name, String label, List<Option> options) {
            return new Field(name, label, "radio", "", options, null, null, false, false);
        }

        public static Field checkbox(String name, String label, boolean checked) {
            return new Field(name, label, "checkbox", checked ? "on" : "", List.of(), null, null, false, false);
        }

        public static Field checkboxes(String name, String label, List<Option> options) {
            return new Field(name, label, "checkboxes", "", options, null, null, false, false);
        }

        public static Field hidden(String name, String value) {
            return new Field(name, "", "hidden", value, List.of(), null, null, false, false);
        }

        public Field hint(String h) {
            return new Field(name, label, type, value, options, h, error, required, disabled);
        }

        public Field mandatory() {
            return new Field(name, label, type, value, options, hint, error, true, disabled);
        }

        public Field disabled(boolean d) {
            return new Field(name, label, type, value, options, hint, error, required, d);
        }

        Field withError(String e) {
            return new Field(name, label, type, value, options, hint, e, required, disabled);
        }

        /** The field as the person typed it. */
        Field typed(List<String> submitted) {
            return switch (type) {
                case "checkbox" -> new Field(name, label, type, submitted.isEmpty() ? "" : "on", options, hint, error, required, disabled);
                case "select", "radio", "checkboxes" -> new Field(name, label, type, value,
                        options.stream().map(o -> new Option(o.value(), o.label(), submitted.contains(o.value()), o.disabled())).toList(),
                        hint, error, required, disabled);
                default -> new Field(name, label, type, submitted.isEmpty() ? "" : submitted.get(0), options, hint, error, required, disabled);
            };
        }

        public String id() {
            return "f-" + name.replaceAll("[^A-Za-z0-9_-]", "-");
        }

        public boolean checked() {
            return "on".equals(value);
        }
    }

    public record Option(String value, String label, boolean selected, boolean disabled) {
        public Option(String value, String label, boolean selected) {
            this(value, label, selected, false);
        }
    }

    /** Read-only properties. */
    public record Facts(String title, List<Fact> facts) implements Block {
    }

    public record Fact(String label, String value, boolean mono, List<Badge> badges) {
        public Fact(String label, String value) {
            this(label, value, false, List.of());
        }
    }

    /** A secret shown once (client secret after create or rotate). */
    public record Secret(String title, String label, String value, String note) implements Block {
    }

    /** A document to copy as it is (a JSON snippet to publish elsewhere); {@code id} names its element. */
    public record Code(String id, String title, String description, String value) implements Block {
    }

    /** {@code tone}: {@code info}, {@code warn}. */
    public record Note(String tone, String text) implements Block {
    }

    /** The overview's counters. */
    public record Cards(List<Card> cards) implements Block {
    }

    public record Card(String label, String value, String href, String description) {
    }

    /** The sections of one object shown as tabs (the organization pages); {@code active} is a tab's key. */
    public record Tabs(String label, List<Tab> tabs) implements Block {
    }

    public record Tab(String key, String label, String href, boolean active) {
    }

    /**
     * A preview of the hosted login card with saved branding. The dashboard script keeps it in step
     * with the fields of form {@code formId} as the administrator types; without the script it shows
     * the saved values. Colours are {@code #rgb}/{@code #rrggbb} (validated by the service).
     */
    public record Preview(String formId, String title, String subtitle, String logoUrl, String primary, String background)
            implements Block {
        public String initial() {
            return title == null || title.isBlank() ? "A" : title.trim().substring(0, 1).toUpperCase(java.util.Locale.ROOT);
        }
    }

    /**
     * An e-mail shown as it will be read (issue 13): its HTML in a sandboxed frame (no scripts, no
     * same-origin access) and its plain-text part beside it.
     */
    public record Frame(String title, String html, String text) implements Block {
    }

    /**
     * A line chart drawn server-side as inline SVG (tenant logs, issue 19): one polyline per series over
     * the same days, its points already scaled to the 600×160 drawing, and the numbers as a table for
     * readers who do not see the drawing.
     */
    public record Chart(String title, String description, List<String> days, long max, List<Series> series) implements Block {
        public static final int WIDTH = 600;
        public static final int HEIGHT = 160;
    }

    public record Series(String name, String tone, String points, long total, List<Long> values) {
    }

    /** Preformatted text (an event's details as JSON). */
    public record Pre(String title, String text) implements Block {
    }
}
