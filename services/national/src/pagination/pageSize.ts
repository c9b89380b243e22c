import { badUserInput, MAX_PAGE_SIZE } from "@smart/platform";

export function checkPageSize(first: number | null | undefined, fallback = 20): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badUserInput(`"first" must be between 1 and ${MAX_PAGE_SIZE}; got ${size}.`, { argumentName: "first" });
  }
  return size;
}
