// The BPMN diagram, read-only, with pan/zoom (bpmn-js NavigatedViewer) and highlighted elements.
// bpmn-js (~400 KB) is loaded on first use, so pages without a diagram never download it.
import type NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import { useEffect, useRef, useState } from 'react';
import { defineMessages, useMessages } from '../i18n/i18n';

export type HighlightKind = 'active' | 'done' | 'error';

export interface Highlight {
  elementId: string;
  kind: HighlightKind;
  /** Shown beside the element as an overlay (e.g. a validation error). */
  message?: string;
}

/** A count drawn on an element, as Camunda Operate does (active cases, incidents in red, overdue). */
export interface ElementBadge {
  elementId: string;
  kind: 'active' | 'incident' | 'overdue';
  count: number;
  /** Accessible text, e.g. "3 件办理中". */
  label: string;
}

const BADGE_POSITION: Record<
  ElementBadge['kind'],
  { top?: number; bottom?: number; left?: number; right?: number }
> = {
  active: { bottom: 10, left: -10 },
  incident: { bottom: 10, right: 10 },
  overdue: { top: -10, right: 10 },
};

interface Props {
  xml: string;
  highlights?: Highlight[];
  badges?: ElementBadge[];
  /** Height of the canvas in px; 'auto' fits the drawing's aspect ratio between 240 and 560 px. */
  height?: number | 'auto';
  /** Accessible name of the diagram region. */
  label?: string;
  onElementClick?: (elementId: string) => void;
  /** Called when the XML cannot be drawn (the page decides how to show it). */
  onError?: (err: Error) => void;
  /** Ids of the elements that appear in the XML, once imported. */
  onImported?: (elementIds: string[]) => void;
}

const m = defineMessages({
  zh: {
    fit: '适应窗口',
    zoomIn: '放大',
    zoomOut: '缩小',
    legendActive: '当前环节',
    legendDone: '已走过的路径',
    legendError: '有问题的元素',
    cannotDraw: '无法绘制流程图',
  },
  en: {
    fit: 'Fit to view',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    legendActive: 'Current step',
    legendDone: 'Path taken',
    legendError: 'Element with a problem',
    cannotDraw: 'The diagram cannot be drawn',
  },
});

const MARKER: Record<HighlightKind, string> = {
  active: 'rf-hl-active',
  done: 'rf-hl-done',
  error: 'rf-hl-error',
};

export function BpmnViewer({
  xml,
  highlights = [],
  badges,
  height = 420,
  label,
  onElementClick,
  onError,
  onImported,
}: Props) {
  const t = useMessages(m);
  const container = useRef<HTMLDivElement>(null);
  const viewer = useRef<NavigatedViewer | null>(null);
  const [ready, setReady] = useState(false);
  const [imported, setImported] = useState(0);
  const [failed, setFailed] = useState<string | undefined>(undefined);
  const autoHeight = useRef(height === 'auto');
  autoHeight.current = height === 'auto';
  const callbacks = useRef({ onElementClick, onError, onImported });
  callbacks.current = { onElementClick, onError, onImported };

  useEffect(() => {
    let live = true;
    let created: NavigatedViewer | undefined;
    import('./bpmn-js-lib')
      .then(({ NavigatedViewer: Viewer }) => {
        if (!live || !container.current) return;
        const v = new Viewer({ container: container.current });
        created = v;
        viewer.current = v;
        v.get<EventBus>('eventBus').on('element.click', (e: { element: { id: string; type: string } }) => {
          if (e.element.type !== 'bpmn:Process' && e.element.type !== 'bpmn:Collaboration')
            callbacks.current.onElementClick?.(e.element.id);
        });
        setReady(true);
      })
      .catch((err: unknown) => {
        // The chunk failed to load (offline, a new deploy replaced it): say so where the diagram would be.
        if (!live) return;
        const e = err instanceof Error ? err : new Error(String(err));
        setFailed(e.message);
        callbacks.current.onError?.(e);
      });
    return () => {
      live = false;
      created?.destroy();
      viewer.current = null;
      setReady(false);
    };
  }, []);

  useEffect(() => {
    const v = viewer.current;
    if (!v) return;
    let live = true;
    setFailed(undefined);
    v.importXML(xml)
      .then(() => {
        if (!live) return;
        const canvas = v.get<Canvas>('canvas');
        const box = container.current;
        if (autoHeight.current && box) {
          const inner = canvas.viewbox().inner;
          const h = inner.width > 0 ? (inner.height * box.clientWidth) / inner.width + 48 : 400;
          box.style.height = `${Math.round(Math.min(560, Math.max(240, h)))}px`;
          canvas.resized();
        }
        canvas.zoom('fit-viewport');
        // Small drawings are not blown up beyond their natural size.
        if (canvas.zoom() > 1.1) canvas.zoom(1.1);
        setImported((n) => n + 1);
        callbacks.current.onImported?.(
          v
            .get<ElementRegistry>('elementRegistry')
            .getAll()
            .map((e) => e.id),
        );
      })
      .catch((err: unknown) => {
        if (!live) return;
        const e = err instanceof Error ? err : new Error(String(err));
        setFailed(e.message);
        callbacks.current.onError?.(e);
      });
    return () => {
      live = false;
    };
  }, [xml, ready]);

  // Markers and overlays are re-applied whenever the highlights or the drawing change.
  useEffect(() => {
    const v = viewer.current;
    if (!v || imported === 0) return;
    const canvas = v.get<Canvas>('canvas');
    const registry = v.get<ElementRegistry>('elementRegistry');
    const overlays = v.get<Overlays>('overlays');
    const applied: { id: string; marker: string }[] = [];
    for (const h of highlights) {
      const el = registry.get(h.elementId);
      if (!el) continue;
      // A scope (subprocess) holding the token gets an outline only, so the steps inside stay readable.
      const marker = h.kind === 'active' && el.type === 'bpmn:SubProcess' ? 'rf-hl-scope' : MARKER[h.kind];
      canvas.addMarker(h.elementId, marker);
      applied.push({ id: h.elementId, marker });
      if (h.message) {
        const div = document.createElement('div');
        div.className = `rf-overlay rf-overlay-${h.kind}`;
        div.textContent = h.message;
        div.title = h.message;
        overlays.add(h.elementId, 'rf-message', { position: { bottom: -6, left: 0 }, html: div });
      }
    }
    return () => {
      for (const a of applied) if (registry.get(a.id)) canvas.removeMarker(a.id, a.marker);
      overlays.remove({ type: 'rf-message' });
    };
  }, [highlights, imported]);

  useEffect(() => {
    const v = viewer.current;
    if (!v || imported === 0 || !badges) return;
    const registry = v.get<ElementRegistry>('elementRegistry');
    const overlays = v.get<Overlays>('overlays');
    for (const b of badges) {
      if (!registry.get(b.elementId) || b.count <= 0) continue;
      const span = document.createElement('span');
      span.className = `rf-badge rf-badge-${b.kind}`;
      span.textContent = String(b.count);
      span.title = b.label;
      span.setAttribute('aria-label', b.label);
      span.dataset.elementId = b.elementId;
      span.dataset.kind = b.kind;
      overlays.add(b.elementId, 'rf-badge', { position: BADGE_POSITION[b.kind], html: span });
    }
    return () => overlays.remove({ type: 'rf-badge' });
  }, [badges, imported]);

  const zoom = (f: number | 'fit') => {
    const canvas = viewer.current?.get<Canvas>('canvas');
    if (!canvas) return;
    if (f === 'fit') canvas.zoom('fit-viewport');
    else canvas.zoom(canvas.zoom() * f);
  };

  const kinds = new Set(highlights.map((h) => h.kind));
  return (
    <div className="bpmn">
      <div className="bpmn-toolbar">
        <div className="bpmn-legend">
          {kinds.has('active') && <span className="legend legend-active">{t.legendActive}</span>}
          {kinds.has('done') && <span className="legend legend-done">{t.legendDone}</span>}
          {kinds.has('error') && <span className="legend legend-error">{t.legendError}</span>}
        </div>
        <div className="bpmn-zoom">
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => zoom(1.25)}
            aria-label={t.zoomIn}
            title={t.zoomIn}
          >
            ＋
          </button>
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => zoom(0.8)}
            aria-label={t.zoomOut}
            title={t.zoomOut}
          >
            －
          </button>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => zoom('fit')}>
            {t.fit}
          </button>
        </div>
      </div>
      {failed && (
        <div className="alert alert-danger" role="alert">
          <div className="alert-text">
            {t.cannotDraw}: <code>{failed}</code>
          </div>
        </div>
      )}
      <div
        ref={container}
        className="bpmn-canvas"
        style={{ height: height === 'auto' ? 400 : height }}
        role="img"
        aria-label={label}
      />
    </div>
  );
}
