import { redemptionCodeView } from '../../shared/api/checkout';
import { parsedNow } from './apiSchema';

/** 抵扣, the resident's 出示码 step: the one-time code and what its points are worth. Pure. */
export interface RedemptionCodeView {
  /** 18 digits, for the cashier to type. */
  code: string;
  /** "1234 5678 …" — what the screen shows. */
  codeFormatted: string;
  /** PNG data URL of the `RHP1:` payload. */
  qrDataUrl: string;
  expiresAt: string;
  /** Ask for a fresh code this long after receiving this one. */
  refreshAfterMs: number;
  availablePoints: number;
  monthlyRemainingPoints: number;
  /** What the available points are worth now (points × value per point). */
  availableValueFen: number;
  /** The most the month's allowance still lets the resident use, in fen. */
  monthlyRemainingValueFen: number;
}

export function readRedemptionCode(value: unknown): RedemptionCodeView {
  const issued = parsedNow(redemptionCodeView, value);
  return {
    code: issued.code,
    codeFormatted: issued.codeFormatted,
    qrDataUrl: issued.qrDataUrl,
    expiresAt: issued.expiresAt,
    refreshAfterMs: issued.refreshAfterMs,
    availablePoints: issued.availablePoints,
    monthlyRemainingPoints: issued.monthlyRemainingPoints,
    availableValueFen: issued.availablePoints * issued.valueFenPerPoint,
    monthlyRemainingValueFen: issued.monthlyRemainingPoints * issued.valueFenPerPoint,
  };
}

/** Whole seconds left until `deadlineMs` (never negative). */
export function secondsLeft(deadlineMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((deadlineMs - nowMs) / 1000));
}
