import type { Page } from 'playwright-core'

/** WCAG 2's minimum for normal text (1.4.3, level AA). */
export const MIN_CONTRAST = 4.5

export interface LowContrast {
  /** The element, as `tag.class` from the body down to it. */
  where: string
  text: string
  color: string
  background: string
  ratio: number
}

/**
 * Every rendered text on the page (text nodes and form controls) whose contrast with the
 * background behind it is below `min`, from the computed styles: the text's colour (its
 * alpha and its ancestors' opacity applied) over the backgrounds of its ancestors composited
 * down to the canvas. Disabled controls are left out, as WCAG leaves out inactive ones.
 */
export function findLowContrast(page: Page, min = MIN_CONTRAST): Promise<LowContrast[]> {
  return page.evaluate((min) => {
    type Rgba = [number, number, number, number]
    const parse = (value: string): Rgba => {
      const rgb = /^rgba?\(([^)]+)\)$/.exec(value)
      if (rgb) {
        const [r, g, b, a = 1] = rgb[1]!
          .split(/[\s,/]+/)
          .filter(Boolean)
          .map(Number)
        return [r!, g!, b!, a]
      }
      const srgb = /^color\(srgb ([^)]+)\)$/.exec(value)
      if (srgb) {
        const [r, g, b, a = 1] = srgb[1]!
          .split(/[\s/]+/)
          .filter(Boolean)
          .map(Number)
        return [r! * 255, g! * 255, b! * 255, a]
      }
      throw new Error(`Colour the contrast check cannot read: ${value}`)
    }
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3] + bottom[3] * (1 - top[3])
      if (a === 0) return [0, 0, 0, 0]
      const mix = (i: number) => (top[i]! * top[3] + bottom[i]! * bottom[3] * (1 - top[3])) / a
      return [mix(0), mix(1), mix(2), a]
    }
    const luminance = ([r, g, b]: Rgba) => {
      const linear = (v: number) => {
        const c = v / 255
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
      }
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }
    const probe = document.createElement('div')
    probe.style.backgroundColor = 'Canvas'
    document.body.append(probe)
    const canvas = parse(getComputedStyle(probe).backgroundColor)
    probe.remove()
    const backgroundOf = (element: Element): Rgba => {
      const layers: Rgba[] = []
      for (let e: Element | null = element; e; e = e.parentElement) {
        const style = getComputedStyle(e)
        if (style.backgroundImage !== 'none') {
          throw new Error(`A background image the contrast check cannot read: ${e.tagName}`)
        }
        const layer = parse(style.backgroundColor)
        layers.push(layer)
        if (layer[3] === 1) break
      }
      return layers.reduceRight((below, layer) => over(layer, below), canvas)
    }
    const where = (element: Element) => {
      const names: string[] = []
      for (let e: Element | null = element; e && e !== document.body; e = e.parentElement) {
        names.unshift(e.tagName.toLowerCase() + [...e.classList].map((c) => `.${c}`).join(''))
      }
      return names.join(' > ')
    }
    const rendered = (element: Element) =>
      element.getClientRects().length > 0 &&
      element.checkVisibility({ visibilityProperty: true }) &&
      !element.closest(':disabled')
    const texts = new Map<Element, string>()
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim()
      const parent = node.parentElement
      if (!text || !parent || texts.has(parent) || !rendered(parent)) continue
      texts.set(parent, text)
    }
    for (const control of document.querySelectorAll('input, select, textarea')) {
      const value = (control as HTMLInputElement).value
      if (value && rendered(control)) texts.set(control, value)
    }
    const low = []
    for (const [element, text] of texts) {
      const style = getComputedStyle(element)
      let opacity = 1
      for (let e: Element | null = element; e; e = e.parentElement) {
        opacity *= Number(getComputedStyle(e).opacity)
      }
      const background = backgroundOf(element)
      const color = parse(style.color)
      const fore = over([color[0], color[1], color[2], color[3] * opacity], background)
      const [light, dark] = [luminance(fore), luminance(background)].sort((a, b) => b - a)
      const ratio = (light! + 0.05) / (dark! + 0.05)
      if (ratio < min) {
        low.push({
          where: where(element),
          text: text.slice(0, 60),
          color: style.color,
          background: `rgb(${background.slice(0, 3).map(Math.round).join(', ')})`,
          ratio: Math.round(ratio * 100) / 100,
        })
      }
    }
    return low
  }, min)
}
