/** One broken rule of a goods definition: the field (path) at fault and what is wrong with it. */
export interface RuleProblem {
  field: string;
  message: string;
}
