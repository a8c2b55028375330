package dev.atrium.clients;

/**
 * A new application ({@code POST /clients}, the dashboard's create form, dynamic registration, the
 * import, the seeds): its name and its other properties as a patch of the empty document. First-party
 * unless {@code fields} say otherwise; a third-party application's security mode defaults from the
 * tenant (third-party-apps.md T3). Only dynamic registration may leave the name empty (it names the
 * application after its id, T93). {@code fields} carry no name.
 */
public record NewClient(String name, ClientPatch fields) {
    public NewClient {
        name = name == null ? "" : name;
        if (fields.name().isPresent()) {
            throw new IllegalArgumentException("a new application's name is NewClient.name, not one of its fields");
        }
    }

    public static NewClient named(String name) {
        return new NewClient(name, ClientPatch.none());
    }

    public NewClient with(ClientPatch newFields) {
        return new NewClient(name, newFields);
    }

    /** {@code is_first_party}: true unless the fields say otherwise. */
    public boolean firstParty() {
        return fields.firstParty().orElse(true);
    }
}
