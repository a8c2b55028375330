package dev.atrium.users;

import dev.atrium.common.Change;

import java.util.Optional;

/**
 * The profile properties of a user's document that are stored as given (Auth0's Normalized User
 * Profile): each one left as it is, removed, or set. On a new user a removal means the same as
 * leaving it out; {@code name}, {@code nickname} and {@code picture} then get Auth0's defaults.
 */
public record UserProfile(Change<String> givenName, Change<String> familyName, Change<String> name, Change<String> nickname,
                          Change<String> picture, Change<String> phoneNumber, Optional<Boolean> phoneVerified) {
    private static final UserProfile NONE = new UserProfile(Change.keep(), Change.keep(), Change.keep(), Change.keep(),
            Change.keep(), Change.keep(), Optional.empty());

    /** A profile that changes nothing. */
    public static UserProfile none() {
        return NONE;
    }

    public UserProfile withGivenName(Change<String> change) {
        return new UserProfile(change, familyName, name, nickname, picture, phoneNumber, phoneVerified);
    }

    public UserProfile withFamilyName(Change<String> change) {
        return new UserProfile(givenName, change, name, nickname, picture, phoneNumber, phoneVerified);
    }

    public UserProfile withName(Change<String> change) {
        return new UserProfile(givenName, familyName, change, nickname, picture, phoneNumber, phoneVerified);
    }

    public UserProfile withNickname(Change<String> change) {
        return new UserProfile(givenName, familyName, name, change, picture, phoneNumber, phoneVerified);
    }

    public UserProfile withPicture(Change<String> change) {
        return new UserProfile(givenName, familyName, name, nickname, change, phoneNumber, phoneVerified);
    }

    public UserProfile withPhoneNumber(Change<String> change) {
        return new UserProfile(givenName, familyName, name, nickname, picture, change, phoneVerified);
    }

    public UserProfile withPhoneVerified(boolean verified) {
        return new UserProfile(givenName, familyName, name, nickname, picture, phoneNumber, Optional.of(verified));
    }
}
