/** Calls of the why panels and lessons. */
import type { Lesson, WhyPanel } from '@prognos/core';
import { qs, request } from './api';

const enc = encodeURIComponent;

export type LessonSummary = Pick<Lesson, 'id' | 'title' | 'minutes' | 'summary' | 'related'>;

export const whyApi = {
  alertWhy: (id: string) => request<WhyPanel>(`/api/alerts/${enc(id)}/why`),
  assetWhy: (id: string, subject: 'health' | 'rul') =>
    request<WhyPanel>(`/api/assets/${enc(id)}/why${qs({ subject })}`),
  lessons: () => request<LessonSummary[]>('/api/lessons'),
  lesson: (id: string) => request<Lesson>(`/api/lessons/${enc(id)}`),
};
