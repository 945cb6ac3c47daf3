import { render } from 'preact';
import { createElement } from 'preact';
import type { ComponentType } from 'preact';
import type { GuidesProps } from '../views/overlay';
import { scrollShareLabel, type ScrollDepthProfile } from '../layers/scroll-depth';

/**
 * Fold line and scroll-depth bands over the page, plus the hover line that reads "N% of visitors
 * scrolled this far" at the pointer. The overlay takes no pointer events, so the hover line follows
 * the page's own mousemove events (passive, read-only).
 */
export class GuideLayer {
  private readonly container: HTMLElement;
  private readonly hoverLine: HTMLElement;
  private readonly hoverLabel: HTMLElement;
  private profile: ScrollDepthProfile | null = null;
  private lastPointerY: number | null = null;

  constructor(
    private readonly Guides: ComponentType<GuidesProps>,
    parent: ShadowRoot | HTMLElement,
    signal: AbortSignal,
    private readonly scrollY: () => number = () => window.scrollY,
  ) {
    this.container = document.createElement('div');
    this.container.className = 'guides';
    this.hoverLine = document.createElement('div');
    this.hoverLine.className = 'hover-line';
    this.hoverLabel = document.createElement('span');
    this.hoverLine.append(this.hoverLabel);
    parent.append(this.container, this.hoverLine);

    window.addEventListener(
      'mousemove',
      (event) => {
        this.lastPointerY = event.clientY;
        this.updateHover();
      },
      { passive: true, signal },
    );
    signal.addEventListener('abort', () => {
      render(null, this.container);
      this.container.remove();
      this.hoverLine.remove();
    });
  }

  set(props: GuidesProps, profile: ScrollDepthProfile | null): void {
    this.profile = profile;
    render(createElement(this.Guides, props), this.container);
    this.scrollTo(this.scrollY());
  }

  clear(): void {
    this.profile = null;
    render(null, this.container);
    this.updateHover();
  }

  scrollTo(scrollY: number): void {
    const track = this.container.firstElementChild as HTMLElement | null;
    if (track) track.style.transform = `translateY(${-scrollY}px)`;
    this.updateHover();
  }

  private updateHover(): void {
    if (!this.profile || this.lastPointerY === null) {
      this.hoverLine.style.display = 'none';
      return;
    }
    const share = this.profile.shareAt(this.lastPointerY + this.scrollY());
    this.hoverLine.style.display = 'block';
    this.hoverLine.style.top = `${this.lastPointerY}px`;
    this.hoverLabel.textContent = scrollShareLabel(share);
  }
}
