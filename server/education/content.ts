import { Types } from 'mongoose';
import { educationItemProblems, type AdminEducationItemView, type EducationItemBody, type EducationItemPatch } from '../../shared/api/education';
import { educationTopicLabels, type EducationKind, type EducationTopic } from '../../shared/education/quiz';
import { findPage } from '../db/paginate';
import type { AppDeps } from '../deps';
import { notFound, unprocessable } from '../http/errors';
import type { EducationItemDoc } from '../models/educationItem';

/**
 * The programme's health-education content, as its admins maintain it (every call authorized and
 * audited by the route): an item is created whole and edited in parts; whatever the edit, the item
 * as stored still meets the content rules (a 3–5 question quiz, text for an article, a URL for a
 * video). Each edit is one conditional update on the version it was read at.
 */
export type StoredItem = EducationItemDoc & { _id: Types.ObjectId };

/**
 * An item's conditions; none = for everyone. Read tolerantly: FerretDB 1.24 drops an empty array
 * from an upsert's `$setOnInsert` (the demo seed's "for everyone" items arrive without the field).
 */
export function itemConditions(item: { conditions?: string[] | null }): string[] {
  return item.conditions ?? [];
}

export function presentAdminItem(item: EducationItemDoc & { _id: Types.ObjectId | string }): AdminEducationItemView {
  return {
    itemId: String(item._id),
    kind: item.kind as AdminEducationItemView['kind'],
    title: item.title,
    summary: item.summary ?? '',
    conditions: itemConditions(item),
    topic: item.topic as AdminEducationItemView['topic'],
    paragraphs: item.paragraphs,
    videoUrl: item.videoUrl ?? null,
    durationSeconds: item.durationSeconds ?? null,
    quiz: item.quiz.map((q) => ({ question: q.question, options: q.options, answerIndex: q.answerIndex, explanation: q.explanation ?? null })),
    status: item.status as AdminEducationItemView['status'],
    version: item.version,
    updatedAt: item.updatedAt.toISOString(),
  };
}

/** One page of all items (drafts and withdrawn ones too), last edited first: the admin list. */
export async function educationItemPage(deps: Pick<AppDeps, 'models'>, page: { page: number; pageSize: number }) {
  return findPage(deps.models.EducationItem, {}, { sort: { updatedAt: -1 }, page: page.page, pageSize: page.pageSize });
}

/** The published items a doctor can recommend, as a catalogue (the 200 last edited). */
export async function educationCatalogueReader(deps: Pick<AppDeps, 'models'>) {
  const items = await deps.models.EducationItem.find({ status: 'published' }).sort({ updatedAt: -1 }).limit(200).lean();
  return items.map((i) => ({ itemId: String(i._id), kind: i.kind as EducationKind, title: i.title, topicLabel: educationTopicLabels[i.topic as EducationTopic], conditions: itemConditions(i) }));
}

export async function educationItemCreator(deps: AppDeps, body: EducationItemBody, accountId: string): Promise<StoredItem> {
  // Rules across fields (an article needs text, a video its address): a code of their own, as on edit.
  if (educationItemProblems(body).length > 0) throw unprocessable('education_quiz_invalid');
  const now = deps.clock.now();
  const doc = await deps.models.EducationItem.create({ ...body, summary: body.summary ?? '', videoUrl: body.videoUrl ?? null, durationSeconds: body.durationSeconds ?? null, version: 1, createdAt: now, createdByAccountId: accountId, updatedAt: now });
  return doc.toObject() as StoredItem;
}

export async function educationItemUpdater(deps: AppDeps, itemId: string, patch: EducationItemPatch): Promise<StoredItem> {
  const current = Types.ObjectId.isValid(itemId) ? await deps.models.EducationItem.findById(itemId).lean() : null;
  if (!current) throw notFound('education_item_not_found');
  const merged = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  if (educationItemProblems({ kind: merged.kind, paragraphs: merged.paragraphs, videoUrl: merged.videoUrl, quiz: merged.quiz.map((q) => ({ ...q, explanation: q.explanation ?? undefined })) }).length > 0) {
    throw unprocessable('education_quiz_invalid');
  }
  const updated = await deps.models.EducationItem.findOneAndUpdate(
    { _id: current._id, version: current.version },
    { $set: { ...patch, updatedAt: deps.clock.now() }, $inc: { version: 1 } },
    { returnDocument: 'after', lean: true },
  );
  // Another admin saved in between: theirs stands; this edit is refused rather than merged blindly.
  if (!updated) throw unprocessable('education_item_edited_meanwhile');
  return updated;
}
