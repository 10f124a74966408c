export { BigButton, type BigButtonProps } from './big-button';
export { Card, type CardProps } from './card';
export { EmptyState, type EmptyStateProps } from './empty-state';
export { ErrorState, type ErrorStateProps } from './error-state';
export { LoadingState, type LoadingStateProps } from './loading-state';
export { PageShell, type PageShellProps } from './page-shell';
export { Points, formatPoints, type PointsProps } from './points';
export { Price, formatFen, type PriceProps } from './price';
