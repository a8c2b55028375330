package dev.atrium.connections;

/**
 * A new connection ({@code POST /connections}, the dashboard's create forms, the default database at start-up): its
 * name and strategy, which never change, and its other properties as a change of the empty document. The name holds
 * letters, digits and '-', starts and ends with a letter or digit, and has at most 128 characters. Left out,
 * {@code display_name} is the name, {@code realms} the name alone, {@code is_domain_connection} false, and a database
 * connection's options take Auth0's defaults.
 */
public record NewConnection(String name, String strategy, ConnectionChange fields) {
    private static final String NAME_PATTERN = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,126}[A-Za-z0-9])?";

    public NewConnection {
        java.util.Objects.requireNonNull(strategy, "strategy");
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new dev.atrium.common.InvalidRequestException("name", "name must start and end with a letter or digit and hold "
                    + "only letters, digits and '-' (at most 128 characters)");
        }
        if (fields.options().filter(o -> !ConnectionOptions.fits(strategy, o)).isPresent()) {
            throw new IllegalArgumentException("options of another strategy than " + strategy);
        }
        for (String fixed : java.util.List.of("id", "name", "strategy")) {
            if (fields.others().has(fixed)) {
                throw new IllegalArgumentException(fixed + " is not a kept property");
            }
        }
    }

    public static NewConnection of(String name, String strategy) {
        return new NewConnection(name, strategy, ConnectionChange.none());
    }

    public NewConnection with(ConnectionChange newFields) {
        return new NewConnection(name, strategy, newFields);
    }
}
