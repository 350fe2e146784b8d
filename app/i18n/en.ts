/** English: the reference catalogue. Every other catalogue has exactly these keys. */
export const en = {
  "app.name": "Practice Exchange",
  "app.tagline": "Members share what works in helping people exit prostitution.",
  "nav.skip": "Skip to main content",
  "nav.main": "Main",
  "nav.home": "Home",
  "nav.signOut": "Sign out",
  "header.member": "Signed in as {name}, {organisation}",

  "home.title": "Home",
  "home.welcome": "Welcome, {name}",
  "home.intro": "You are signed in as a member of {organisation}.",

  "login.title": "Sign in",
  "login.intro": "Practice Exchange is for members only.",
  "login.email": "E-mail address",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.invalid": "That e-mail address and password do not match an active account.",

  "setup.title": "First-run setup",
  "setup.intro": "Nobody has an account yet. Create the first organisation and its administrator.",
  "setup.organisation": "Organisation",
  "setup.organisationName": "Organisation name",
  "setup.country": "Country",
  "setup.chooseCountry": "Choose a country",
  "setup.administrator": "Administrator",
  "setup.displayName": "Your name",
  "setup.email": "E-mail address",
  "setup.password": "Password",
  "setup.passwordHint": "At least {min} characters.",
  "setup.submit": "Create and sign in",

  "form.errors": "Please correct the highlighted fields.",
  "form.required": "(required)",
  "validation.required": "This field is required.",
  "validation.email": "Enter a valid e-mail address.",
  "validation.passwordTooShort": "Use at least {min} characters.",
  "validation.tooLong": "Use at most {max} characters.",
  "validation.country": "Choose a country from the list.",

  "error.notFound.title": "Page not found",
  "error.notFound.body": "There is nothing at this address, or you do not have access to it.",
  "error.forbidden.title": "Not allowed",
  "error.forbidden.body": "Your account does not have permission to do this.",
  "error.generic.title": "Something went wrong",
  "error.generic.body": "The page could not be shown. Please try again in a moment.",
  "error.home": "Go to the home page",
} as const;

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;
