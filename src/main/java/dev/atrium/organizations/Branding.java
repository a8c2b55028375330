package dev.atrium.organizations;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An organization's {@code branding}: an https logo and, when set, both colours. The checks live
 * here so that every caller, the Management API and the dashboard alike, meets them once.
 */
public record Branding(Optional<String> logoUrl, Optional<Colors> colors) {
    static final Pattern HEX_COLOR = Pattern.compile("#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})");

    public Branding {
        logoUrl.ifPresent(url -> {
            if (!url.startsWith("https://") || url.length() > 2048) {
                throw new InvalidRequestException("branding", "branding.logo_url must be an https URL");
            }
        });
    }

    /** Both colours are required together (#RGB or #RRGGBB). */
    public record Colors(String primary, String pageBackground) {
        public Colors {
            check("primary", primary);
            check("page_background", pageBackground);
        }

        private static void check(String name, String value) {
            if (value == null || !HEX_COLOR.matcher(value).matches()) {
                throw new InvalidRequestException("branding",
                        "branding.colors." + name + " is required and must be a hex color (#RGB or #RRGGBB)");
            }
        }
    }

    /** The stored and emitted form. */
    public ObjectNode toJson() {
        ObjectNode out = Json.object();
        logoUrl.ifPresent(u -> out.put("logo_url", u));
        colors.ifPresent(c -> out.set("colors", Json.object().put("primary", c.primary()).put("page_background", c.pageBackground())));
        return out;
    }
}
