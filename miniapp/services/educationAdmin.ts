import { adminEducationItemListView, adminEducationItemView, educationItemProblems, type AdminEducationItemView, type EducationItemBody } from '../../shared/api/education';
import { parsed } from './apiSchema';
import { api, apiRequest } from './http';
import type { FieldErrors } from './staffForms';

/**
 * 健康教育内容 (admins): the items residents read and answer, with their quizzes.
 *
 *   loadEducationItems()          GET   /api/admin/education-items
 *   saveEducationItem(id, body)   POST  /api/admin/education-items   (new)
 *                                 PATCH /api/admin/education-items/:id (edit)
 */
export type { AdminEducationItemView };

export const loadEducationItems = () => parsed(adminEducationItemListView, api.get('/api/admin/education-items', { query: { pageSize: 100 } }));

export function saveEducationItem(itemId: string | null, body: EducationItemBody) {
  if (!itemId) return parsed(adminEducationItemView, api.post('/api/admin/education-items', body));
  return parsed(adminEducationItemView, apiRequest({ method: 'PATCH', path: `/api/admin/education-items/${encodeURIComponent(itemId)}`, body }));
}

export interface QuestionDraft {
  question: string;
  options: string[];
  answerIndex: number | null;
}

export interface ItemDraft {
  kind: 'article' | 'video';
  title: string;
  summary: string;
  topic: EducationItemBody['topic'];
  conditions: EducationItemBody['conditions'];
  paragraphs: string[];
  videoUrl: string;
  quiz: QuestionDraft[];
  status: EducationItemBody['status'];
}

const blankQuestion = (): QuestionDraft => ({ question: '', options: ['', '', ''], answerIndex: null });

export const emptyItemDraft = (): ItemDraft => ({ kind: 'article', title: '', summary: '', topic: 'general', conditions: [], paragraphs: [''], videoUrl: '', quiz: [blankQuestion(), blankQuestion(), blankQuestion()], status: 'draft' });

export function draftOf(item: AdminEducationItemView): ItemDraft {
  return {
    kind: item.kind,
    title: item.title,
    summary: item.summary,
    topic: item.topic,
    conditions: item.conditions as ItemDraft['conditions'],
    paragraphs: item.paragraphs.length > 0 ? item.paragraphs : [''],
    videoUrl: item.videoUrl ?? '',
    quiz: item.quiz.map((q) => ({ question: q.question, options: q.options, answerIndex: q.answerIndex })),
    status: item.status,
  };
}

/** Pure: the body a draft sends (empty lines dropped), and what still has to be filled in first. */
export function itemBodyOf(d: ItemDraft): { body: EducationItemBody; problems: FieldErrors } {
  const body: EducationItemBody = {
    kind: d.kind,
    title: d.title.trim(),
    topic: d.topic,
    conditions: d.conditions,
    paragraphs: d.paragraphs.map((p) => p.trim()).filter(Boolean),
    quiz: d.quiz.map((q) => ({ question: q.question.trim(), options: q.options.map((o) => o.trim()).filter(Boolean), answerIndex: q.answerIndex ?? -1 })),
    status: d.status,
    ...(d.summary.trim() ? { summary: d.summary.trim() } : {}),
    ...(d.kind === 'video' && d.videoUrl.trim() ? { videoUrl: d.videoUrl.trim() } : {}),
  };
  const problems: FieldErrors = {};
  if (!body.title) problems['title'] = '请填写标题';
  if (body.quiz.some((q) => !q.question)) problems['quiz'] = '每道题都要写题目';
  const rules = educationItemProblems(body);
  if (rules.includes('article_without_text')) problems['paragraphs'] = '图文至少写一段正文';
  if (rules.includes('video_without_url')) problems['videoUrl'] = '请填写视频地址（https 开头）';
  if (rules.some((r) => r.endsWith('_out_of_range'))) problems['quiz'] = '需要 3–5 道题，每题 2–5 个选项，并选出正确答案';
  return { body, problems };
}

export const blankQuizQuestion = blankQuestion;
