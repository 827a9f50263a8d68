import { topicNames } from '../contracts';
import { projections } from '../projector';
import { replayOrder } from './replay';

describe('replay', () => {
  it('replays every projection there is, each once', () => {
    // A projection added without a place here would silently be missing from replays and from --verify.
    expect([...replayOrder].sort()).toEqual(Object.keys(projections(topicNames(''))).sort());
  });
});
