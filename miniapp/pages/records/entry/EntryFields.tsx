import { Text, View } from '@tarojs/components';
import { Card } from '../../../components';
import { type DraftCheck, type EntryDraft, type EntryField } from '../../../services/readingForms';

/** What every field view needs: the values typed so far, their marks, and which one the pad types into. */
export interface EntryFieldsProps {
  fields: EntryField[];
  values: EntryDraft['values'];
  fieldErrors: DraftCheck['fieldErrors'];
  activeKey: string | undefined;
  onFocus: (key: string) => void;
}

const fieldDomId = (key: string) => `entry-field-${key.replace('.', '-')}`;

/** 每遍读数: up to three rounds of 高压 / 低压 / 脉搏 as a grid, with each mark spelled out below. */
export function BpGrid(props: EntryFieldsProps) {
  const { fields, fieldErrors } = props;
  return (
    <Card title="每遍读数" testId="entry-bp-grid">
      <View className="pb-bpgrid__row pb-bpgrid__head">
        <Text className="pb-bpgrid__rowlabel">mmHg</Text>
        <Text className="pb-bpgrid__colhead">高压</Text>
        <Text className="pb-bpgrid__colhead">低压</Text>
        <Text className="pb-bpgrid__colhead">脉搏</Text>
      </View>
      {[0, 1, 2].map((row) => (
        <View key={row} className="pb-bpgrid__row">
          <View className="pb-bpgrid__rowlabel">
            <Text>第{row + 1}遍</Text>
            {row === 2 ? <Text className="pb-bpgrid__optional">可不填</Text> : null}
          </View>
          {fields.filter((f) => f.key.startsWith(`r${row}.`)).map((field) => (
            <BpCell key={field.key} {...props} field={field} />
          ))}
        </View>
      ))}
      {fields.map((f) =>
        fieldErrors[f.key] ? (
          <Text key={f.key} className="pb-entry__error" data-testid={`field-${f.key}-error`}>
            {(f.group ?? '').replace(/（.*）/, '')}
            {f.label.replace(/（.*）/, '')}：{fieldErrors[f.key]}
          </Text>
        ) : null,
      )}
    </Card>
  );
}

function BpCell({ field, values, fieldErrors, activeKey, onFocus }: EntryFieldsProps & { field: EntryField }) {
  const active = field.key === activeKey;
  const text = values[field.key] ?? '';
  return (
    <View
      id={fieldDomId(field.key)}
      className={`pb-bpgrid__cell ${active ? 'pb-bpgrid__cell--active' : ''} ${fieldErrors[field.key] ? 'pb-bpgrid__cell--error' : ''}`}
      data-testid={`field-${field.key}`}
      role="button"
      aria-label={`${field.group ?? ''}${field.label}`}
      aria-selected={active ? 'true' : 'false'}
      onClick={() => onFocus(field.key)}
    >
      <Text className={text ? 'pb-bpgrid__value' : 'pb-bpgrid__value pb-bpgrid__value--empty'} data-testid={`field-${field.key}-value`}>
        {text || (active ? '▍' : '—')}
      </Text>
    </View>
  );
}

/** Every other measure: one card per group of fields (血脂's four values, or a single value). */
export function FieldGroups(props: EntryFieldsProps) {
  const groups = props.fields.reduce<Array<{ group: string; items: EntryField[] }>>((acc, field) => {
    const group = field.group ?? '';
    const current = acc[acc.length - 1];
    if (current && current.group === group) current.items.push(field);
    else acc.push({ group, items: [field] });
    return acc;
  }, []);
  return (
    <>
      {groups.map((group) => (
        <Card key={group.group || 'fields'} title={group.group || undefined} testId={group.group ? `entry-group-${group.items[0]?.key.slice(0, 2)}` : 'entry-fields'}>
          {group.items.map((field) => (
            <FieldBox key={field.key} {...props} field={field} />
          ))}
        </Card>
      ))}
    </>
  );
}

function FieldBox({ field, values, fieldErrors, activeKey, onFocus }: EntryFieldsProps & { field: EntryField }) {
  const active = field.key === activeKey;
  const fieldError = fieldErrors[field.key];
  const text = values[field.key] ?? '';
  return (
    <View id={fieldDomId(field.key)} className="pb-entry__field-wrap">
      <View
        className={`pb-entry__field ${active ? 'pb-entry__field--active' : ''} ${fieldError ? 'pb-entry__field--error' : ''}`}
        data-testid={`field-${field.key}`}
        role="button"
        aria-selected={active ? 'true' : 'false'}
        onClick={() => onFocus(field.key)}
      >
        <Text className="pb-entry__label">
          {field.label}
          {field.required ? '' : '（可不填）'}
        </Text>
        <View className="pb-entry__value-box">
          <Text className={`pb-entry__value ${text ? '' : 'pb-entry__value--empty'}`} data-testid={`field-${field.key}-value`}>
            {text || (active ? '请输入' : '—')}
          </Text>
          <Text className="pb-entry__unit">{field.unit}</Text>
        </View>
      </View>
      {fieldError ? (
        <Text className="pb-entry__error" data-testid={`field-${field.key}-error`}>
          {fieldError}
        </Text>
      ) : null}
    </View>
  );
}
