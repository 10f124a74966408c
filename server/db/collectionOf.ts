import type { Model, mongo } from 'mongoose';

/**
 * The driver collection behind a model, typed by the record the domain stores in it
 * (`collectionOf<CheckoutRecord>(deps.models.Checkout)`). Mongoose types `model.collection` as
 * holding untyped documents with ObjectId ids, which the models keyed by a string (checkouts,
 * refunds, statements, ledger commits, leases, payment notifications) are not, and its inferred
 * types for arrays of sub-objects are hydrated subdocuments, which a driver update never takes.
 * The driver is used where a write must be exactly one atomic command, as written.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any model: the record type is what matters
export function collectionOf<TRecord extends mongo.Document>(model: Model<any, any, any, any, any, any, any>): mongo.Collection<TRecord> {
  return model.collection as unknown as mongo.Collection<TRecord>;
}
