package dev.atrium.organizations;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Organizations themselves (organizations.md §1.1). {@code name} is unique ({@code create} and the
 * updates throw {@link dev.atrium.common.AlreadyExistsException}). Deleting an organization removes
 * the rows of every sub-resource store, and its organization roles, in one transaction
 * (organizations.md §1.15). The sub-resources have stores of their own:
 * {@link OrganizationConnectionStore}, {@link OrganizationMemberStore}, {@link DiscoveryDomainStore}
 * and {@link OrganizationApplicationStore}.
 */
public interface OrganizationStore {
    /** Columns {@code list} may sort by (organizations.md §4.1). */
    enum Sort { NAME, DISPLAY_NAME, CREATED_AT }

    Optional<Organization> find(String id);

    Optional<Organization> findByName(String name);

    List<Organization> list(Sort sort, boolean ascending, int offset, int limit);

    long count();

    /** Creates the organization with its first enabled connections, in one transaction. */
    void create(Organization organization, List<OrganizationConnection> connections);

    /**
     * Reads the organization, applies {@code change} and writes the result in one transaction that
     * holds the organization's row lock, so concurrent changes apply one after the other and none is
     * lost. An exception from {@code change} writes nothing. Empty when there is no such organization.
     */
    Optional<Organization> update(String id, UnaryOperator<Organization> change);

    boolean delete(String id);
}
