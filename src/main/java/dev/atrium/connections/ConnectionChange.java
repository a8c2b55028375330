package dev.atrium.connections;

import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.KeptFields;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A change to a connection ({@code PATCH /connections/{id}}, the dashboard's forms), or the properties of a new one:
 * each property kept when empty, replaced whole when present. {@code options} are replaced wholesale, as Auth0 does,
 * and must be of the connection's strategy; {@code enabled_clients} replaces the set of enabled applications. The
 * properties Atrium only stores ({@code authentication}, {@code connected_accounts}) travel in {@code others}; a
 * {@code null} there removes one. (Named so as not to be taken for {@code organizations.ConnectionPatch}, which
 * changes an organization's enablement of a connection.)
 */
public record ConnectionChange(Optional<String> displayName, Optional<ConnectionOptions> options,
                               Optional<List<String>> enabledClients, Optional<Boolean> domainConnection,
                               Optional<Boolean> showAsButton, Optional<List<String>> realms,
                               Change<Map<String, String>> metadata, KeptFields others) {
    /** The names of the properties this record types; {@code others} holds none of them. */
    public static final Set<String> TYPED = Set.of("display_name", "options", "enabled_clients", "is_domain_connection",
            "show_as_button", "realms", "metadata");
    public static final int MAX_METADATA = 10;
    public static final int MAX_METADATA_LENGTH = 255;

    public ConnectionChange {
        enabledClients = enabledClients.map(List::copyOf);
        realms = realms.map(List::copyOf);
        metadata = metadata.map(m -> Collections.unmodifiableMap(new LinkedHashMap<>(m)));
        metadata.value().ifPresent(ConnectionChange::checkMetadata);
        for (String typed : TYPED) {
            if (others.has(typed)) {
                throw new IllegalArgumentException(typed + " is a typed property");
            }
        }
    }

    private static void checkMetadata(Map<String, String> metadata) {
        if (metadata.size() > MAX_METADATA) {
            throw new InvalidRequestException("metadata", "metadata holds at most 10 string properties");
        }
        metadata.forEach((k, v) -> {
            if (v == null || v.length() > MAX_METADATA_LENGTH || k.length() > MAX_METADATA_LENGTH) {
                throw metadataRefused();
            }
        });
    }

    /** The reason metadata holding anything but short strings is refused. */
    public static InvalidRequestException metadataRefused() {
        return new InvalidRequestException("metadata", "metadata values are strings of at most 255 characters");
    }

    /** A change that changes nothing. */
    public static ConnectionChange none() {
        return new ConnectionChange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Change.keep(), KeptFields.none());
    }

    public ConnectionChange withDisplayName(String v) {
        return new ConnectionChange(Optional.of(v), options, enabledClients, domainConnection, showAsButton, realms, metadata, others);
    }

    public ConnectionChange withOptions(ConnectionOptions v) {
        return new ConnectionChange(displayName, Optional.of(v), enabledClients, domainConnection, showAsButton, realms, metadata, others);
    }

    public ConnectionChange withEnabledClients(List<String> v) {
        return new ConnectionChange(displayName, options, Optional.of(v), domainConnection, showAsButton, realms, metadata, others);
    }

    /** {@code is_domain_connection}: whether third-party applications may use the connection. */
    public ConnectionChange withDomainConnection(boolean v) {
        return new ConnectionChange(displayName, options, enabledClients, Optional.of(v), showAsButton, realms, metadata, others);
    }

    public ConnectionChange withShowAsButton(boolean v) {
        return new ConnectionChange(displayName, options, enabledClients, domainConnection, Optional.of(v), realms, metadata, others);
    }

    public ConnectionChange withRealms(List<String> v) {
        return new ConnectionChange(displayName, options, enabledClients, domainConnection, showAsButton, Optional.of(v), metadata, others);
    }

    public ConnectionChange withMetadata(Change<Map<String, String>> v) {
        return new ConnectionChange(displayName, options, enabledClients, domainConnection, showAsButton, realms, v, others);
    }

    public ConnectionChange withOthers(KeptFields v) {
        return new ConnectionChange(displayName, options, enabledClients, domainConnection, showAsButton, realms, metadata, v);
    }
}
