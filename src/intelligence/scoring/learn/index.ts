/**
 * Dependency-free learning toolkit for deal/lead scoring: metrics, standardisation, L2 logistic regression,
 * categorical naive Bayes, Platt calibration and bootstrap uncertainty. Plain Float64Array math throughout.
 */
export type { Dataset } from './types.js';
export { auc, brier, logLoss, reliabilityTable, expectedCalibrationError, type ReliabilityBin } from './metrics.js';
export { fitStandardizer, standardize, type Standardizer } from './standardize.js';
export { trainLogistic, predictLogistic, explainLogistic, logOdds, type LogisticModel } from './logistic.js';
export { fitLaplace, logOddsStd, type LaplacePosterior } from './laplace.js';
export { trainNaiveBayes, predictNaiveBayes, explainNaiveBayes, type NaiveBayesModel } from './naive-bayes.js';
export { fitPlatt, applyPlatt, type PlattCalibrator } from './calibration.js';
export { bootstrapEnsemble } from './bootstrap.js';
export { mulberry32 } from './rng.js';
export { logit, sigmoid } from './math.js';
export { compareMeans, compareProportions, normalCdf, wilsonInterval, type Comparison } from './significance.js';
