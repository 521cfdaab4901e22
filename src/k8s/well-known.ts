/** Names Kubernetes itself gives a meaning to. */

/** The Secret type the token controller fills with a ServiceAccount's token. */
export const SA_TOKEN_TYPE = 'kubernetes.io/service-account-token';
/** The annotation that names the ServiceAccount of such a Secret. */
export const SA_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
