import { evaluateByGroup, evaluateLinks, type LinkDecision } from './metrics';

const truth = new Map([['R1', 'C1'], ['R2', 'C2'], ['R3', 'C3'], ['R4', 'C4']]);
const links: LinkDecision[] = [
  { recordId: 'R1', cohortId: 'C1', decision: 'link' },
  { recordId: 'R2', cohortId: 'C9', decision: 'link' },
  { recordId: 'R3', cohortId: 'C3', decision: 'review' },
  { recordId: 'R5', cohortId: 'C5', decision: 'review' },
  { recordId: 'R1', cohortId: 'C1', decision: 'review' },
];

describe('evaluateLinks', () => {
  it('counts link decisions alone, and link with review, over distinct pairs at their strongest decision', () => {
    const evaluation = evaluateLinks(links, truth);
    expect(evaluation.truePairs).toBe(4);
    expect(evaluation.records).toBe(5);
    expect(evaluation.link).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 3, precision: 0.5, recall: 0.25 });
    expect(evaluation.link.f1).toBeCloseTo(1 / 3);
    expect(evaluation.linkOrReview).toMatchObject({ truePositives: 2, falsePositives: 2, falseNegatives: 2, precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it('leaves precision empty when nothing was proposed, and recall empty when nothing was true', () => {
    const evaluation = evaluateLinks([], new Map());
    expect(evaluation.link).toMatchObject({ precision: null, recall: null, f1: null });
  });

  it('ignores no-link rows', () => {
    expect(evaluateLinks([{ recordId: 'R1', cohortId: 'C7', decision: 'no-link' }], truth).linkOrReview.falsePositives).toBe(0);
  });
});

describe('evaluateByGroup', () => {
  it('scores each group on its own records, largest group first', () => {
    const groups = new Map([['R1', ['level:easy']], ['R2', ['level:hard', 'twin']], ['R3', ['level:hard']], ['R5', ['level:hard', 'outsider']]]);
    const byGroup = evaluateByGroup(links, truth, groups);
    expect(byGroup.map((g) => g.group)).toEqual(['level:hard', 'level:easy', 'outsider', 'twin']);
    const hard = byGroup[0].evaluation;
    expect(hard).toMatchObject({ records: 3, truePairs: 2 });
    expect(hard.link).toMatchObject({ truePositives: 0, falsePositives: 1, recall: 0 });
    expect(byGroup.find((g) => g.group === 'outsider')?.evaluation.linkOrReview).toMatchObject({ falsePositives: 1, recall: null });
  });
});
