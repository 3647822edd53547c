import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { COUNTERPART_MESSAGES as M } from "~/features/logbook/counterpart-messages";
import { PageHeader } from "~/ui/layout";

// Where the counterpart lands after answering (their link is used up by then). Says nothing
// about the entry: anyone may open it.

export const meta: MetaFunction = () => [{ title: "ご回答ありがとうございました | ITC研修ポータル" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const result = new URL(request.url).searchParams.get("result");
  return { declined: result === "declined" };
}

export default function CounterpartDone() {
  const { declined } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title="ご回答ありがとうございました" />
      <p role="status" className="card">
        {declined ? M.declined : M.confirmed}
      </p>
    </div>
  );
}
