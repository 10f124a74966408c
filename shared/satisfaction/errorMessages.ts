/** Satisfaction-survey error codes (server/satisfaction) and what the user reads. */
export const satisfactionErrorMessages = {
  survey_not_available: '这次服务不需要评价，或已经评价过了',
} as const;
