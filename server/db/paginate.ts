import type { Model, Types } from 'mongoose';

/** One page of a list and the total it comes from; every paginated list in the API reads this way. */
export async function findPage<TRaw>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any model's query/method generics
  model: Model<TRaw, any, any, any, any, any>,
  filter: Record<string, unknown>,
  options: { sort: Record<string, 1 | -1>; page: number; pageSize: number },
): Promise<{ total: number; items: Array<TRaw & { _id: Types.ObjectId | string }> }> {
  const [total, items] = await Promise.all([
    model.countDocuments(filter),
    model.find(filter).sort(options.sort).skip((options.page - 1) * options.pageSize).limit(options.pageSize).lean(),
  ]);
  return { total, items: items as Array<TRaw & { _id: Types.ObjectId | string }> };
}
