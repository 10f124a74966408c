import { identityReasonMessages } from '../../../../shared/identity';

test.each(Object.entries(identityReasonMessages))('%s has a Chinese message', (_code, message) => {
  expect(message).toMatch(/[\u4e00-\u9fff]/);
});
