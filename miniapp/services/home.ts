import { fetchMe } from './auth';

/**
 * 首页 view model. The greeting needs only the clock; the session is checked against `/api/me`
 * (a lost session sends the user to login). To-dos and latest readings stay empty until their
 * endpoints exist — the page already renders their empty states.
 */
export interface TodoItemView {
  id: string;
  title: string;
}

export interface ReadingView {
  id: string;
  label: string;
  valueText: string;
}

export interface HomeView {
  greeting: string;
  todos: TodoItemView[];
  recentReadings: ReadingView[];
}

export function greetingFor(hour: number): string {
  if (hour < 5) return '夜深了，注意休息';
  if (hour < 11) return '早上好';
  if (hour < 13) return '中午好';
  if (hour < 18) return '下午好';
  return '晚上好';
}

export async function loadHomeView(now: Date = new Date()): Promise<HomeView> {
  await fetchMe();
  return { greeting: greetingFor(now.getHours()), todos: [], recentReadings: [] };
}
