import type { ReactNode } from 'react';
import type { ConfigError } from './api-types';
import {
  type Draft,
  type ModbusFields,
  type OpcuaFields,
  SECURITY_MODES,
  SECURITY_POLICIES,
  type SecurityMode,
} from './connector-draft';
import { type ByteWordOrder, type ModbusFunction, type ModbusType, TYPE_WORDS } from './modbus-decode';

export function FieldErrors({ errors }: { errors?: ConfigError[] }) {
  if (!errors?.length) return null;
  return (
    <>
      {errors.map((e, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: one field can have the same message twice
        <span key={i} className="field-error" data-testid="field-error" data-path={e.path} role="alert">
          {e.message}
        </span>
      ))}
    </>
  );
}

export function Field({
  label,
  hint,
  errors,
  children,
  className,
}: {
  label: string;
  hint?: ReactNode;
  errors?: ConfigError[];
  children: ReactNode;
  className?: string;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in, wrapped by the label
    <label className={`field ${errors?.length ? 'has-error' : ''} ${className ?? ''}`}>
      <span className="field-label">{label}</span>
      {children}
      {hint && !errors?.length && <span className="field-hint">{hint}</span>}
      <FieldErrors errors={errors} />
    </label>
  );
}

type Errs = Map<string, ConfigError[]>;

export function CommonFields({
  draft,
  errors,
  taken,
  onChange,
}: {
  draft: Draft;
  errors: Errs;
  taken: Set<string>;
  onChange: (patch: Partial<Pick<Draft, 'id' | 'name'>>) => void;
}) {
  return (
    <>
      <Field
        label="Id"
        errors={errors.get('id')}
        hint={taken.has(draft.id.trim()) ? 'A connector with this id exists: saving replaces it.' : 'Unique, no spaces'}
      >
        <input
          className="input mono"
          name="id"
          value={draft.id}
          onChange={(e) => onChange({ id: e.target.value })}
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
      <Field label="Name (optional)" errors={errors.get('name')}>
        <input
          className="input"
          name="name"
          value={draft.name}
          placeholder={draft.kind === 'opcua' ? 'e.g. New line PLC' : 'e.g. Old line drive'}
          onChange={(e) => onChange({ name: e.target.value })}
        />
      </Field>
    </>
  );
}

export function OpcuaForm({
  fields,
  errors,
  onChange,
}: {
  fields: OpcuaFields;
  errors: Errs;
  onChange: (patch: Partial<OpcuaFields>) => void;
}) {
  return (
    <>
      <Field label="Endpoint URL" errors={errors.get('endpointUrl')} className="field-wide">
        <input
          className="input mono"
          name="endpointUrl"
          value={fields.endpointUrl}
          placeholder="opc.tcp://plc-7.local:4840"
          onChange={(e) => onChange({ endpointUrl: e.target.value })}
          spellCheck={false}
        />
      </Field>
      <Field label="Security mode" errors={errors.get('securityMode')}>
        <select
          className="input"
          name="securityMode"
          value={fields.securityMode}
          onChange={(e) => onChange({ securityMode: e.target.value as SecurityMode })}
        >
          {SECURITY_MODES.map((m) => (
            <option key={m} value={m}>
              {m === 'SignAndEncrypt' ? 'Sign & encrypt' : m}
            </option>
          ))}
        </select>
      </Field>
      {fields.securityMode !== 'None' && (
        <Field label="Security policy" errors={errors.get('securityPolicy')}>
          <select
            className="input"
            name="securityPolicy"
            value={fields.securityPolicy}
            onChange={(e) => onChange({ securityPolicy: e.target.value })}
          >
            {SECURITY_POLICIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </Field>
      )}
      {fields.securityMode !== 'None' && (
        <Field label="Server certificate" errors={errors.get('trustServerCertificate')} className="field-wide">
          <span className="check-line">
            <input
              type="checkbox"
              name="trustServerCertificate"
              checked={fields.trustServerCertificate}
              onChange={(e) => onChange({ trustServerCertificate: e.target.checked })}
            />
            Trust it on first contact (otherwise move it from pki/rejected to pki/trusted by hand)
          </span>
        </Field>
      )}
      <Field label="User name (optional)" errors={errors.get('username')} hint="Empty = anonymous">
        <input
          className="input"
          name="username"
          value={fields.username}
          autoComplete="off"
          onChange={(e) => onChange({ username: e.target.value })}
        />
      </Field>
      <Field label="Password" errors={errors.get('password')}>
        <input
          className="input"
          name="password"
          type="password"
          value={fields.password}
          autoComplete="new-password"
          disabled={!fields.username.trim()}
          onChange={(e) => onChange({ password: e.target.value })}
        />
      </Field>
    </>
  );
}

export function ModbusForm({
  fields,
  errors,
  onChange,
}: {
  fields: ModbusFields;
  errors: Errs;
  onChange: (patch: Partial<ModbusFields>) => void;
}) {
  const wide = TYPE_WORDS[fields.type] > 1;
  return (
    <>
      <Field label="Host" errors={errors.get('host')}>
        <input
          className="input mono"
          name="host"
          value={fields.host}
          placeholder="192.168.10.21"
          onChange={(e) => onChange({ host: e.target.value })}
          spellCheck={false}
        />
      </Field>
      <Field label="Port" errors={errors.get('port')} className="field-narrow">
        <input
          className="input mono"
          name="port"
          inputMode="numeric"
          value={fields.port}
          onChange={(e) => onChange({ port: e.target.value })}
        />
      </Field>
      <Field label="Unit id" errors={errors.get('unitId')} className="field-narrow">
        <input
          className="input mono"
          name="unitId"
          inputMode="numeric"
          value={fields.unitId}
          onChange={(e) => onChange({ unitId: e.target.value })}
        />
      </Field>
      <div className="field-break" />
      <Field label="Scan" errors={errors.get('fn')}>
        <select
          className="input"
          name="function"
          value={fields.fn}
          onChange={(e) => onChange({ fn: Number(e.target.value) as ModbusFunction })}
        >
          <option value={3}>Holding registers (FC 3)</option>
          <option value={4}>Input registers (FC 4)</option>
        </select>
      </Field>
      <Field label="Registers" errors={errors.get('range')} hint="0-based, e.g. 0-99" className="field-narrow">
        <input
          className="input mono"
          name="range"
          value={fields.range}
          onChange={(e) => onChange({ range: e.target.value })}
          spellCheck={false}
        />
      </Field>
      <Field label="Read as">
        <select
          className="input"
          name="type"
          value={fields.type}
          onChange={(e) => onChange({ type: e.target.value as ModbusType })}
        >
          {(Object.keys(TYPE_WORDS) as ModbusType[]).map((t) => (
            <option key={t} value={t}>
              {t}
              {TYPE_WORDS[t] > 1 ? ` (${TYPE_WORDS[t]} registers)` : ''}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Byte order" hint={wide ? undefined : 'Only byte swap matters for one register'}>
        <select
          className="input"
          name="order"
          value={fields.order}
          onChange={(e) => onChange({ order: e.target.value as ByteWordOrder })}
        >
          <option value="ABCD">ABCD (standard, high word first)</option>
          <option value="CDAB">CDAB (word swap)</option>
          <option value="BADC">BADC (byte swap)</option>
          <option value="DCBA">DCBA (both swapped)</option>
        </select>
      </Field>
    </>
  );
}
