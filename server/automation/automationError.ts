// A request the automation cannot honour (unknown ticket or rule, invalid silence): the caller's fault, not the server's.
export class AutomationError extends Error {}
