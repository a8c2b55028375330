package dev.atrium.migration;

import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/** Durable jobs and the users each import could not take. */
public interface JobStore {
    void create(Job job);

    Optional<Job> find(String id);

    /** Jobs still pending or processing, oldest first: what a restart resumes. */
    List<Job> unfinished();

    /** Sets the status (and the error of a failed job); false when the job does not exist. */
    boolean setStatus(String id, String status, Optional<String> error);

    /** Records progress; an import calls it inside the transaction of the chunk it counts. */
    void progress(String id, long readBytes, long processed, long inserted, long updated, long failed);

    /** A user the job could not take, at position {@code seq} of the file. */
    void addError(String jobId, long seq, ObjectNode user, String errorsJson);

    /** The errors of a job in file order, at most {@code limit}. */
    List<ObjectNode> errors(String jobId, int limit);
}
