// Class names that make a control at least 44×44 CSS px on touch screens (the `touch` variant,
// app/globals.css: a coarse pointer), and leave it as it is on desktop.

/** For a link or button that is text: a 44 px tall box around it, its text centred. */
export const TOUCH_TARGET = "touch:inline-flex touch:min-h-11 touch:min-w-11 touch:items-center touch:justify-center";

/** For a form control (an input, a select, a button) already a box. */
export const TOUCH_FIELD = "touch:min-h-11 touch:min-w-11";
