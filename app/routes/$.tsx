import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "../auth/guards.server";
import { notFound } from "../auth/permissions.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";

/** Any unknown address: sign-in first (members only), then a real 404. */
export async function loader(args: LoaderFunctionArgs) {
  await requireMember(args);
  notFound();
}

export default function NotFound() {
  return null;
}

export const ErrorBoundary = GeneralErrorBoundary;
