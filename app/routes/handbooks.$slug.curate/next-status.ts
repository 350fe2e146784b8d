/** Where a handbook may go from each status; a published edition goes nowhere (it is frozen). */
export const NEXT_STATUS = { draft: ["review"], review: ["draft", "published"], published: [] } as const;
