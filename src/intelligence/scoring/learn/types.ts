/** A design matrix: rows of numeric features (already engineered & one-hot encoded by the caller). */
export interface Dataset {
  x: Float64Array[];
  /** 0|1 outcome per row. */
  y: Uint8Array;
  featureNames: string[];
}
