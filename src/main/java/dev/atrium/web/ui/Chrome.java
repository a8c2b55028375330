package dev.atrium.web.ui;

/**
 * What every hosted page shows around its form: the screen name (for {@code data-screen}), the
 * title, the application and tenant names, the logo and the branding colour.
 */
public record Chrome(String screen, String title, String appName, String tenantName, String logoUrl, String primaryColor,
                     String pageBackground) {

    /** A colour that is safe to put into CSS: {@code #rrggbb}, or the default. */
    public String primary() {
        return primaryColor != null && primaryColor.matches("#[0-9a-fA-F]{6}") ? primaryColor : "#4f46e5";
    }

    public String background() {
        return pageBackground != null && pageBackground.matches("#[0-9a-fA-F]{6}") ? pageBackground : "#f5f5f7";
    }

    /** Only http(s) logos are shown. */
    public boolean hasLogo() {
        return logoUrl != null && (logoUrl.startsWith("https://") || logoUrl.startsWith("http://"));
    }

    /** The initial shown when there is no logo. */
    public String initial() {
        String n = appName == null ? "" : appName.strip();
        if (n.isEmpty() || Character.isISOControl(n.codePointAt(0))) {
            return "A";
        }
        return new String(Character.toChars(n.codePointAt(0))).toUpperCase();
    }
}
