// Typed errors services throw when a request cannot be served; the API edge maps each kind to one protocol code.
// In schema/ because it is the one module every room may import (pipelines must not import server).

/** Base class: the message is written for the caller and is passed through unchanged. */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing the request names does not exist (no such ticket, rule, site...). */
export class NotFoundError extends DomainError {}

/** The request itself is wrong or no longer applies (invalid rule, ticket already resolved, stale state). */
export class InvalidRequestError extends DomainError {}

/** The feature the request needs is switched off or not ready yet. */
export class UnavailableError extends DomainError {}
