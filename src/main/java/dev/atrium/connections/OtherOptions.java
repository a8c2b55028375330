package dev.atrium.connections;

import dev.atrium.common.KeptFields;

/** The options of a connection whose strategy Atrium stores without acting on it (social, Active Directory, ...). */
public record OtherOptions(KeptFields others) implements ConnectionOptions {
    public static OtherOptions none() {
        return new OtherOptions(KeptFields.none());
    }
}
