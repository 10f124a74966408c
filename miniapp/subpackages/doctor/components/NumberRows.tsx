import { Text, View } from '@tarojs/components';
import { TextField } from '../../../components';
import type { FieldErrors, NumberRowDef } from '../../../services/staffForms';

export interface NumberRowsProps {
  rows: readonly NumberRowDef[];
  numbers: Record<string, string>;
  errors: FieldErrors;
  /** Each box is `${testId}-${field.key}`. */
  testId: string;
  onChange: (key: string, text: string) => void;
}

/**
 * Number boxes of a staff form, a labelled row at a time (血压: 收缩压 | 舒张压; 体重: 目前 | 下次目标),
 * side by side so a phone shows a whole row at once. Each error sits under its own box.
 */
export function NumberRows(props: NumberRowsProps) {
  const { rows, numbers, errors, testId, onChange } = props;
  return (
    <View>
      {rows.map((row) => (
        <View key={row.key} className="pb-doc__number-row" data-testid={`${testId}-row-${row.key}`}>
          {row.fields.length > 1 ? <Text className="pb-doc__number-label">{row.label}</Text> : null}
          <View className="pb-doc__pair">
            {row.fields.map((field) => (
              <View key={field.key} className="pb-doc__pair-item">
                <TextField
                  label={row.fields.length > 1 ? field.label : row.label}
                  value={numbers[field.key] ?? ''}
                  inputType={field.decimal ? 'digit' : 'number'}
                  maxLength={8}
                  error={errors[field.key] ?? null}
                  testId={`${testId}-${field.key}`}
                  onInput={(text) => onChange(field.key, text)}
                />
              </View>
            ))}
          </View>
        </View>
      ))}
    </View>
  );
}
