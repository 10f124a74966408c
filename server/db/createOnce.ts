import { Types, type Model } from 'mongoose';
import { isDuplicateKeyError } from '../identity/codes';

/**
 * Creates a record once per `requestKey` (a unique index): insert-if-absent, and when two requests
 * race on the same key the loser reads the winner's record. A retry with the same key and the same
 * request (by default: the same `contentHash`) gets the stored record back with `created: false`;
 * the same key with a different request is the caller's own error (`reused`), never a silent replay.
 */
export async function createOnce<TStored extends { _id: Types.ObjectId; contentHash?: string | null }>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any model whose records carry requestKey and contentHash
  model: Model<any, any, any, any, any, any, any>,
  input: {
    requestKey: string;
    contentHash: string;
    /** The rest of the record, written only when it is created. */
    fields: Record<string, unknown>;
    reused: () => Error;
    sameRequest?: (stored: TStored) => boolean;
  },
): Promise<{ stored: TStored; created: boolean }> {
  const { requestKey, contentHash } = input;
  const newId = new Types.ObjectId();
  let stored: TStored | null;
  try {
    stored = await model.findOneAndUpdate({ requestKey }, { $setOnInsert: { _id: newId, requestKey, contentHash, ...input.fields } }, { upsert: true, returnDocument: 'after', lean: true });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    stored = await model.findOne({ requestKey }).lean();
  }
  if (!stored) throw new Error(`${model.modelName} upsert returned nothing`);
  const created = stored._id.equals(newId);
  const sameRequest = input.sameRequest ?? ((s: TStored) => s.contentHash === contentHash);
  if (!created && !sameRequest(stored)) throw input.reused();
  return { stored, created };
}
