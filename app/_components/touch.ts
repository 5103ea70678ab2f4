/**
 * At least 44×44 CSS px on touch screens (a coarse pointer), WCAG 2.5.5's size, without
 * changing how a control looks under a mouse. Add it to every button, link and select.
 */
export const TOUCH_TARGET = "pointer-coarse:min-h-11 pointer-coarse:min-w-11";
