import type { Runtime } from '../platform/runtime';
import { decideReview } from './review-queue';

// Refused before anything is read or published, so no database or broker is needed.
const noRuntime = {} as Runtime;

describe('a review decision', () => {
  it('whose reason holds an escape sequence is refused as input, naming the field and where', async () => {
    await expect(decideReview(noRuntime, 'rv-1', { outcome: 'rejected', decidedBy: 'sam', reason: 'not her\u001b[8m' })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: 'the decision cannot be recorded: reason: contains a control character (U+001B) at position 8; only tab, line feed and carriage return are allowed',
    });
  });

  it('whose reviewer name spans two lines is refused the same way', async () => {
    await expect(decideReview(noRuntime, 'rv-1', { outcome: 'confirmed', decidedBy: 'sam\nFamily SF-FAKE' })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining('decidedBy: contains a line break (U+000A) at position 4'),
    });
  });

  it('that rejects without a reason, or with only spaces, is refused as input, whoever asks', async () => {
    for (const reason of [undefined, '   ']) {
      await expect(decideReview(noRuntime, 'rv-1', { outcome: 'rejected', decidedBy: 'sam', reason })).rejects.toMatchObject({ code: 'INPUT_INVALID', message: 'a rejection needs a reason' });
    }
  });
});
