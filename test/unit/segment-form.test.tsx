import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SegmentForm } from '@/components/SegmentForm';
import type { SegmentOptions } from '@/lib/messaging/protocol';
import type { Segment } from '@/lib/settings/preferences';

const options: SegmentOptions = {
  query: { available: true },
  cohorts: { available: true, items: [{ id: 2, name: 'Paying customers', count: 480 }, { id: 3, name: 'Newsletter readers', count: null }] },
  flags: { available: true, items: [{ key: 'pricing-test', name: 'Pricing', variants: ['control', 'test'] }] },
  personProperties: { available: true, items: ['plan', '$initial_utm_source'] },
};

let container: HTMLElement;
afterEach(() => {
  render(null, container);
  container.remove();
});

function mount(segment: Segment, given: SegmentOptions | null = options) {
  container = document.createElement('div');
  document.body.append(container);
  const onChange = vi.fn();
  act(() => render(<SegmentForm segment={segment} options={given} onChange={onChange} />, container));
  return onChange;
}

function change(selector: string, value: string) {
  const element = container.querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
  act(() => {
    element.value = value;
    element.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('SegmentForm', () => {
  it('picks a cohort from the list, by name, never by a typed id', () => {
    const onChange = mount({ kind: 'all' });
    change('select[aria-label="Segment"]', 'cohort');
    expect(onChange).toHaveBeenLastCalledWith({ kind: 'cohort', id: 2, name: 'Paying customers' });
    expect(container.querySelector('select[aria-label="Segment cohort"]')).not.toBeNull();
    expect([...container.querySelectorAll('select[aria-label="Segment cohort"] option')].map((option) => option.textContent)).toEqual(['Paying customers (480)', 'Newsletter readers']);
  });

  it('applies a person property only once it has a key and a value', () => {
    const onChange = mount({ kind: 'all' });
    change('select[aria-label="Segment"]', 'person');
    change('input[aria-label="Segment person property"]', 'plan');
    expect(onChange).not.toHaveBeenCalled();
    change('input[aria-label="Segment value"]', ' paid ');
    expect(onChange).toHaveBeenLastCalledWith({ kind: 'person', key: 'plan', operator: 'exact', value: 'paid' });
    expect([...container.querySelectorAll('datalist option')].map((option) => (option as HTMLOptionElement).value)).toEqual(['plan', '$initial_utm_source']);
  });

  it('offers the variants of the chosen flag and the device bands', () => {
    const onChange = mount({ kind: 'flag', key: 'pricing-test', variant: 'control' });
    expect([...container.querySelectorAll('select[aria-label="Segment variant"] option')].map((option) => option.textContent)).toEqual(['control', 'test']);
    change('select[aria-label="Segment variant"]', 'test');
    expect(onChange).toHaveBeenLastCalledWith({ kind: 'flag', key: 'pricing-test', variant: 'test' });
    change('select[aria-label="Segment"]', 'device');
    expect(onChange).toHaveBeenLastCalledWith({ kind: 'device', device: 'mobile' });
  });

  it('without query:read: says so and disables the HogQL segments, keeping all visitors and devices', () => {
    mount({ kind: 'all' }, { ...options, query: { available: false, message: "This personal API key lacks the 'query:read' scope." } });
    expect(container.querySelector('[data-missing="query:read"]')!.textContent).toMatch(/'query:read'.*device types work without it/);
    const disabled = [...container.querySelectorAll<HTMLOptionElement>('select[aria-label="Segment"] option')].filter((option) => option.disabled).map((option) => option.value);
    expect(disabled).toEqual(['person', 'cohort', 'flag']);
  });

  it('says when a list cannot be read', () => {
    mount({ kind: 'cohort', id: 2, name: 'Paying customers' }, { ...options, cohorts: { available: false, message: "This personal API key lacks the 'cohort:read' scope." } });
    expect(container.textContent).toContain("lacks the 'cohort:read' scope");
  });
});
