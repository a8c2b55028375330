package dev.atrium.tenant;

import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A change to the tenant's {@code branding}, merged one level deep: {@code logo_url} kept, set or
 * cleared (stored as {@code null}), and the given {@code colors} merged into the stored ones. The only
 * colours are {@code primary} and {@code page_background}, each {@code #rrggbb}.
 */
public record BrandingPatch(Change<String> logoUrl, Optional<Map<String, String>> colors) {
    public static final Set<String> COLORS = Set.of("primary", "page_background");
    private static final Pattern RGB = Pattern.compile("#[0-9a-fA-F]{6}");

    public BrandingPatch {
        colors = colors.map(c -> {
            for (Map.Entry<String, String> e : c.entrySet()) {
                if (!COLORS.contains(e.getKey()) || e.getValue() == null || !RGB.matcher(e.getValue()).matches()) {
                    throw invalidColor(e.getKey());
                }
            }
            return Collections.unmodifiableMap(new LinkedHashMap<>(c));
        });
    }

    /** The refusal of colour {@code name}: an unknown one, or a value that is not {@code #rrggbb}. */
    public static InvalidRequestException invalidColor(String name) {
        return new InvalidRequestException("branding.colors." + name, "Payload validation error: branding.colors." + name
                + " must be primary or page_background with a #rrggbb value.");
    }

    /** A branding change with this logo and these colours (primary first, then the page background). */
    public static BrandingPatch of(String logoUrl, String primary, String pageBackground) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("primary", primary);
        c.put("page_background", pageBackground);
        return new BrandingPatch(Change.to(logoUrl), Optional.of(c));
    }
}
