/** Whether the shared server is answering, as the features that fall back see it. */
export interface SharedStateStatus {
  /** True while commands reach the server; false falls each feature back to its per-instance form. */
  readonly up: boolean;
  /** Times the server went down and came back since start. */
  readonly transitions: { readonly down: number; readonly up: number };
}
