/** The service's paths for one resident as seen by their doctor team (`/api/staff/residents/:id…`). */
export const staffPath = (residentId: string, suffix: string) => `/api/staff/residents/${encodeURIComponent(residentId)}${suffix}`;
