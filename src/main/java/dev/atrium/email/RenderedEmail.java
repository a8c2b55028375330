package dev.atrium.email;

/** A message ready to queue: subject, plain-text part and HTML part. */
public record RenderedEmail(String subject, String text, String html) {
}
